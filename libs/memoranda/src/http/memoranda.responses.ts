import { ApiProperty } from '@nestjs/swagger';

export class SigningPayloadResponse {
  @ApiProperty({ description: "base64 of the version's canonical UTF-8 text, exactly as stored when the version was frozen: what an ЭЦП signs" })
  payloadB64: string;
  @ApiProperty({ description: 'SHA-256 (hex) of those bytes', pattern: '^[0-9a-f]{64}$' })
  sha256: string;
  @ApiProperty({ description: "the version's textHash (equal to sha256)", pattern: '^[0-9a-f]{64}$' })
  textHash: string;
  @ApiProperty({ enum: ['cms', 'click'], description: 'cms: POST …/sign needs signature.cms (an ЭЦП verifier is configured); click: a click signature, no ЭЦП' })
  signatureKind: 'cms' | 'click';
}
