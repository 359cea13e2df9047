import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  IsBase64,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { PageRequest } from '@kelisim/http';
import { type Locale, LOCALES } from '@kelisim/kernel';
import { EXPORT_FORMATS, type ExportFormat } from '../application/export-version/version-document.js';
import { LIMITS, MEMORANDUM_STATUSES, type MemorandumStatus } from '../domain/memorandum.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PartyRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId: string;
  @ApiProperty({ format: 'uuid', description: "a user of the organization with role signatory" }) @IsUUID() signatoryId: string;
}

export class ClauseRequest {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.clauseText }) @Transform(trim) @IsString() @Length(1, LIMITS.clauseText) text: string;
}

export class StageDeadlinesRequest {
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @IsInt() @Min(1) @Max(LIMITS.workingDays) reviewWorkingDays?: number;
  @ApiPropertyOptional({ default: 5 }) @IsOptional() @IsInt() @Min(1) @Max(LIMITS.workingDays) approvalWorkingDays?: number;
  @ApiPropertyOptional({ default: 5 }) @IsOptional() @IsInt() @Min(1) @Max(LIMITS.workingDays) signingWorkingDays?: number;
}

const clauses = () => (target: object, key: string) => {
  ApiProperty({ type: [ClauseRequest], minItems: 1, maxItems: LIMITS.clauses })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(LIMITS.clauses)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => ClauseRequest)(target, key);
};

export class CreateMemorandumRequest {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.title }) @Transform(trim) @IsString() @Length(1, LIMITS.title) title: string;
  @ApiPropertyOptional({ maxLength: LIMITS.purpose }) @IsOptional() @Transform(trim) @IsString() @Length(1, LIMITS.purpose) purpose?: string;
  @ApiProperty({ format: 'uuid', description: "the prosecutor's office that reviews" }) @IsUUID() reviewerOrganizationId: string;
  @ApiProperty({ type: [PartyRequest], minItems: 1, maxItems: LIMITS.parties })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.parties)
  @ValidateNested({ each: true })
  @Type(() => PartyRequest)
  parties: PartyRequest[];
  @clauses() clauses: ClauseRequest[];
  @ApiPropertyOptional({ type: StageDeadlinesRequest }) @IsOptional() @IsObject() @ValidateNested() @Type(() => StageDeadlinesRequest) deadlines?: StageDeadlinesRequest;
}

export class EditClausesRequest {
  @clauses() clauses: ClauseRequest[];
}

export class RemarkRequest {
  @ApiProperty({ minimum: 1, description: 'number of the clause the remark is about' }) @IsInt() @Min(1) @Max(LIMITS.clauses) clause: number;
  @ApiProperty({ minLength: 1, maxLength: LIMITS.note }) @Transform(trim) @IsString() @Length(1, LIMITS.note) text: string;
}

export class ReturnVersionRequest {
  @ApiProperty({ type: [RemarkRequest], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.clauses)
  @ValidateNested({ each: true })
  @Type(() => RemarkRequest)
  remarks: RemarkRequest[];
}

export class ClearVersionRequest {
  @ApiPropertyOptional({ maxLength: LIMITS.note }) @IsOptional() @Transform(trim) @IsString() @Length(1, LIMITS.note) comment?: string;
}

/** An admin acting for a party names the party's organization here. */
class PartyActionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'admin only: the party organization the admin acts for' })
  @IsOptional()
  @IsUUID()
  onBehalfOf?: string;
}

export class ApproveVersionRequest extends PartyActionRequest {
  @ApiPropertyOptional({ maxLength: LIMITS.note }) @IsOptional() @Transform(trim) @IsString() @Length(1, LIMITS.note) comment?: string;
}

export class ReasonedPartyActionRequest extends PartyActionRequest {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.note }) @Transform(trim) @IsString() @Length(1, LIMITS.note) reason: string;
}

/** Base64 of a DER CMS: NCALayer's are a few kilobytes; 256 KB leaves room for long chains. */
export const MAX_CMS_BASE64 = 350_000;

export class SignatureRequest {
  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the canonical text the signer saw', pattern: '^[0-9a-f]{64}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'textHash must be a SHA-256 in hex' })
  textHash?: string;

  @ApiPropertyOptional({
    description:
      'ЭЦП: base64 of the DER detached CMS (NCALayer, kz.gov.pki.knca.basics sign, format cms) over the bytes of GET …/signing-payload; required when an ЭЦП verifier is configured, refused when none is',
    maxLength: MAX_CMS_BASE64,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CMS_BASE64)
  @IsBase64({}, { message: 'cms must be base64 (the DER of a CMS)' })
  cms?: string;
}

export class SignVersionRequest extends PartyActionRequest {
  @ApiPropertyOptional({ type: SignatureRequest }) @IsOptional() @IsObject() @ValidateNested() @Type(() => SignatureRequest) signature?: SignatureRequest;
}

export class ReasonRequest {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.note }) @Transform(trim) @IsString() @Length(1, LIMITS.note) reason: string;
}

export class ListMemorandaRequest extends PageRequest {
  @ApiPropertyOptional({ enum: MEMORANDUM_STATUSES }) @IsOptional() @IsIn(MEMORANDUM_STATUSES) status?: MemorandumStatus;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) waitingForMe?: 'true' | 'false';
}

export class DiffRequest {
  @ApiProperty({ minimum: 1, description: 'the version to compare with' }) @Type(() => Number) @IsInt() @Min(1) against: number;
}

export class ExportVersionRequest {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format: ExportFormat;
  @ApiPropertyOptional({ enum: LOCALES, description: "headings and labels; default: the caller's locale" }) @IsOptional() @IsIn(LOCALES) lang?: Locale;
}
