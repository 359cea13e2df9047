import * as pkijs from 'pkijs';
import type { TimestampReport } from '../domain/cms-report.js';
import { EdsRefusedError } from '../domain/eds.errors.js';
import { DIGESTS, findSignerCertificate } from './cms-structure.js';
import { digestByOid } from './digests.js';

const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const EKU = '2.5.29.37';
const RSA = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13']);

/** A fresh ArrayBuffer of exactly these bytes (a Buffer's `.buffer` may be a shared pool, and its slice() is a view). */
const exactCopy = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

/** What an RFC 3161 token says (its TSTInfo), read without judging it. */
export interface TimestampInfo {
  /** TSTInfo genTime. */
  time: string;
  imprintAlgorithm: string;
  imprint: Buffer;
  serialNumber: string;
}

export function readTimestamp(token: pkijs.SignedData): TimestampInfo {
  const eContent = token.encapContentInfo.eContent;
  if (token.encapContentInfo.eContentType !== TST_INFO || !eContent) {
    throw new EdsRefusedError('MALFORMED', 'The signature is not a readable CMS SignedData: its timestamp holds no TSTInfo.', { why: 'timestamp without TSTInfo' });
  }
  let tst: pkijs.TSTInfo;
  try {
    tst = pkijs.TSTInfo.fromBER(eContent.getValue());
  } catch {
    throw new EdsRefusedError('MALFORMED', 'The signature is not a readable CMS SignedData: its TSTInfo cannot be read.', { why: 'unreadable TSTInfo' });
  }
  return {
    time: tst.genTime.toISOString(),
    imprintAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
    imprint: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    serialNumber: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex'),
  };
}

/** The token's imprint is the hash of the signature value (SHA-2 or GOST); null: an algorithm Kelisim does not know. */
export function imprintMatches(info: TimestampInfo, signature: Uint8Array): boolean | null {
  const computed = digestByOid(info.imprintAlgorithm, signature);
  return computed ? computed.equals(info.imprint) : null;
}

/**
 * An RFC 3161 token over a signature: its imprint must be the hash of the signature value, and it
 * must be signed by a time-stamping certificate (EKU timeStamping) that chains to a TSA anchor at
 * its own time. A GOST-signed token is not checked here (tsaTrusted null): see tsaCertificatePinned.
 */
export async function checkTimestamp(token: pkijs.SignedData, signature: Uint8Array, tsaAnchors: readonly pkijs.Certificate[]): Promise<TimestampReport> {
  const info = readTimestamp(token);
  return { time: info.time, imprintMatches: imprintMatches(info, signature), tsaTrusted: await tsaTrusted(token, signature, tsaAnchors), serialNumber: info.serialNumber };
}

/** The token's one signer and the certificate its SID names among the token's certificates. */
function tokenSigner(token: pkijs.SignedData): { signer: pkijs.SignerInfo; certificate: pkijs.Certificate | null } | null {
  const signer = token.signerInfos[0];
  if (token.signerInfos.length !== 1 || !signer) return null;
  return { signer, certificate: findSignerCertificate(token, signer) };
}

const timeStampingCertificate = (certificate: pkijs.Certificate): boolean =>
  ((certificate.extensions?.find((e) => e.extnID === EKU)?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? []).includes(TIME_STAMPING);

async function tsaTrusted(token: pkijs.SignedData, signature: Uint8Array, anchors: readonly pkijs.Certificate[]): Promise<boolean | null> {
  const found = tokenSigner(token);
  if (!found?.certificate) return false;
  const { signer, certificate } = found;
  if (anchors.length === 0 || !RSA.has(signer.signatureAlgorithm.algorithmId) || !DIGESTS[signer.digestAlgorithm.algorithmId]) return null;
  if (!timeStampingCertificate(certificate)) return false;
  try {
    // pkijs checks the TSA's signature and its chain to the anchors at the token's own genTime.
    const result = await token.verify({ signer: 0, data: exactCopy(signature), checkChain: true, trustedCerts: [...anchors], extendedMode: true });
    return result.signatureVerified === true;
  } catch {
    return false;
  }
}

/**
 * Whether the certificate a token is signed with is one of the TSA anchors itself, byte for byte,
 * and a time-stamping one: trust in a GOST TSA whose signature NCANode checked with that very
 * certificate (NCANode does not check the TSA's issuer, and Node cannot check a GOST signature).
 * false: neither that certificate nor its issuer is an anchor; null: no anchors, or its issuer is an
 * anchor but the GOST chain cannot be checked here, so the TSA certificate itself must be named.
 */
export function tsaCertificatePinned(token: pkijs.SignedData, anchors: readonly pkijs.Certificate[]): boolean | null {
  if (anchors.length === 0) return null;
  const found = tokenSigner(token);
  if (!found?.certificate) return false;
  const { certificate } = found;
  const der = Buffer.from(certificate.toSchema().toBER());
  if (anchors.some((anchor) => Buffer.from(anchor.toSchema().toBER()).equals(der))) return timeStampingCertificate(certificate);
  return anchors.some((anchor) => anchor.subject.isEqual(certificate.issuer)) ? null : false;
}
