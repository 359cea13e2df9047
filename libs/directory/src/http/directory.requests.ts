import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { LOCALES, type Locale, type Role, ROLES } from '@kelisim/kernel';
import { PageRequest } from '@kelisim/http';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../domain/organization.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** 12 digits here; the check digit is the domain's (400 naming the field either way). */
const twelveDigits = (field: 'bin' | 'iin', description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ pattern: '^[0-9]{12}$', example: field === 'bin' ? '940140000385' : '791028302728', description })(target, key);
  IsOptional()(target, key);
  IsString()(target, key);
  Matches(/^[0-9]{12}$/, { message: `${field} must be 12 digits` })(target, key);
};
const BIN = 'business identification number (БСН/БИН), matched against the ЭЦП certificates of its signatories';
const IIN = "individual identification number (ЖСН/ИИН), matched against the person's ЭЦП certificate; shown to admins and to the person only";

export class LoginRequest {
  @ApiProperty() @IsString() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MaxLength(256) password: string;
}

export class CreateOrganizationRequest {
  @ApiProperty({ minLength: 1, maxLength: 500 }) @Transform(trim) @IsString() @Length(1, 500) name: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 100) shortName?: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) @IsIn(ORGANIZATION_KINDS) kind: OrganizationKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ example: 'Asia/Almaty' }) @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @twelveDigits('bin', BIN) bin?: string;
}

export class UpdateOrganizationRequest {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 500) name?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 100) shortName?: string;
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS }) @IsOptional() @IsIn(ORGANIZATION_KINDS) kind?: OrganizationKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @twelveDigits('bin', BIN) bin?: string;
}

export class ListOrganizationsRequest extends PageRequest {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS }) @IsOptional() @IsIn(ORGANIZATION_KINDS) kind?: OrganizationKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) q?: string;
}

export class CreateUserRequest {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 500) fullName: string;
  @ApiProperty() @IsEmail() @MaxLength(320) email: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 500) position?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() headId?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) @IsOptional() @ArrayMaxSize(4) @IsIn(ROLES, { each: true }) roles?: Role[];
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @twelveDigits('iin', IIN) iin?: string;
  @ApiProperty({ minLength: 12 }) @IsString() @Length(12, 256) password: string;
}

/** Admins may change everything; a user may change their own name, locale, time zone and digest choice. */
export class UpdateUserRequest {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 500) fullName?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 500) position?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() headId?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) @IsOptional() @ArrayMaxSize(4) @IsIn(ROLES, { each: true }) roles?: Role[];
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'one e-mail a day instead of one per notification' }) @IsOptional() @IsBoolean() emailDigest?: boolean;
  @twelveDigits('iin', IIN) iin?: string;
  @ApiPropertyOptional({ description: 'admin only: sets a new password' }) @IsOptional() @IsString() @Length(12, 256) password?: string;
}

export class ChangePasswordRequest {
  @ApiProperty() @IsString() @MaxLength(256) currentPassword: string;
  @ApiProperty({ minLength: 12 }) @IsString() @Length(12, 256) newPassword: string;
}

export class ListUsersRequest extends PageRequest {
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) q?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}
