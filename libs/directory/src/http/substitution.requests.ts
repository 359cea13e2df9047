import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { PageRequest } from '@kelisim/http';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The order that appointed the deputy. */
export class SubstitutionBasisRequest {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '45-ж' }) @Transform(trim) @IsString() @Length(1, 100) orderNumber: string;
  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'orderDate must be a date YYYY-MM-DD' })
  orderDate: string;
}

export class CreateSubstitutionRequest {
  @ApiProperty({ format: 'uuid', description: 'the official who is away' }) @IsUUID() principalId: string;
  @ApiProperty({ format: 'uuid', description: "who acts for them (И.о.), of the principal's organization" }) @IsUUID() deputyId: string;
  @ApiProperty({ format: 'date-time', description: 'from this instant (not in the past)' }) @IsISO8601({ strict: true }) from: string;
  @ApiProperty({ format: 'date-time', description: 'until this instant (exclusive)' }) @IsISO8601({ strict: true }) to: string;
  @ApiProperty({ type: SubstitutionBasisRequest }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SubstitutionBasisRequest) basis: SubstitutionBasisRequest;
}

export class ListSubstitutionsRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() principalId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() deputyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: ['scheduled', 'current', 'over'] }) @IsOptional() @IsIn(['scheduled', 'current', 'over']) status?: 'scheduled' | 'current' | 'over';
}
