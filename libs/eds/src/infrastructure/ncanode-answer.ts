/**
 * NCANode 3's answer to `POST /cms/verify` (kz.ncanode.dto.response.CmsVerificationResponse), read
 * strictly: anything outside this shape is an answer Kelisim does not understand, and it fails closed.
 * Dates come as Jackson writes java.util.Date ("2022-05-02 08:38:13+00:00" in the API document, ISO
 * with a T, or epoch milliseconds).
 */
export interface NcanodeCertificate {
  valid: boolean;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  revocations: { revoked: boolean; by: 'OCSP' | 'CRL' }[];
}

export interface NcanodeSigner {
  certificates: NcanodeCertificate[];
  tsp: { serialNumber: string | null; genTime: string; hash: string | null; tspHashAlgorithm: string | null } | null;
}

export interface NcanodeVerdict {
  valid: boolean;
  signers: NcanodeSigner[];
}

export class UnexpectedAnswer extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function date(value: unknown, where: string): string {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new UnexpectedAnswer(`${where} is not a date`);
  return new Date(parsed).toISOString();
}

function certificate(value: unknown, where: string): NcanodeCertificate {
  if (!isObject(value) || typeof value.valid !== 'boolean' || typeof value.serialNumber !== 'string' || !/^[0-9a-fA-F]+$/.test(value.serialNumber)) {
    throw new UnexpectedAnswer(`${where} is not a certificate with valid and serialNumber`);
  }
  const revocations = value.revocations ?? [];
  if (!Array.isArray(revocations)) throw new UnexpectedAnswer(`${where}.revocations is not a list`);
  return {
    valid: value.valid,
    serialNumber: value.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
    notBefore: date(value.notBefore, `${where}.notBefore`),
    notAfter: date(value.notAfter, `${where}.notAfter`),
    revocations: revocations.map((r, i) => {
      if (!isObject(r) || typeof r.revoked !== 'boolean' || (r.by !== 'OCSP' && r.by !== 'CRL')) throw new UnexpectedAnswer(`${where}.revocations[${i}] is not a revocation status`);
      return { revoked: r.revoked, by: r.by };
    }),
  };
}

export function readNcanodeAnswer(body: unknown): NcanodeVerdict {
  if (!isObject(body)) throw new UnexpectedAnswer('the answer is not a JSON object');
  if (body.status !== 200) throw new UnexpectedAnswer(`status ${String(body.status)}: ${String(body.message ?? '')}`);
  if (typeof body.valid !== 'boolean' || !Array.isArray(body.signers)) throw new UnexpectedAnswer('the answer has no valid flag or signers');
  return {
    valid: body.valid,
    signers: body.signers.map((signer, i) => {
      // The server's DTO names the list `certificates`; its OpenAPI document says `signers`.
      const list = isObject(signer) ? (signer.certificates ?? signer.signers) : undefined;
      if (!Array.isArray(list) || list.length === 0) throw new UnexpectedAnswer(`signers[${i}] lists no certificate`);
      const tsp = (signer as Record<string, unknown>).tsp;
      if (tsp !== undefined && tsp !== null && !isObject(tsp)) throw new UnexpectedAnswer(`signers[${i}].tsp is not an object`);
      return {
        certificates: list.map((c, j) => certificate(c, `signers[${i}].certificates[${j}]`)),
        tsp: isObject(tsp)
          ? {
              // Hex of the serial's two's-complement bytes (Kalkan's BigInteger.toByteArray), as DER writes it.
              serialNumber: typeof tsp.serialNumber === 'string' && /^[0-9a-fA-F]+$/.test(tsp.serialNumber) ? tsp.serialNumber.toLowerCase() : null,
              genTime: date(tsp.genTime, `signers[${i}].tsp.genTime`),
              hash: typeof tsp.hash === 'string' ? tsp.hash.toLowerCase() : null,
              tspHashAlgorithm: typeof tsp.tspHashAlgorithm === 'string' ? tsp.tspHashAlgorithm : null,
            }
          : null,
      };
    }),
  };
}
