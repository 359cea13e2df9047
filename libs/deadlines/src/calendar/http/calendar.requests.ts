import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SetCalendarYearRequest {
  @ApiProperty({ type: [String], format: 'date', maxItems: 100, description: 'public holidays and days off by order; carry-overs follow from the rules' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ISO_DATE, { each: true, message: 'each of holidays must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { each: true, message: 'each of holidays must be a valid date' })
  holidays: string[];

  @ApiProperty({ type: [String], format: 'date', maxItems: 100, description: 'weekend days worked by order' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ISO_DATE, { each: true, message: 'each of workdays must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { each: true, message: 'each of workdays must be a valid date' })
  workdays: string[];
}
