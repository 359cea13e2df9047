import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { TimestampReport } from '../domain/cms-report.js';
import { EdsRefusedError } from '../domain/eds.errors.js';
import { DIGESTS } from './cms-structure.js';

const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const EKU = '2.5.29.37';
const RSA = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13']);

/** A fresh ArrayBuffer of exactly these bytes (a Buffer's `.buffer` may be a shared pool, and its slice() is a view). */
const exactCopy = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

/**
 * An RFC 3161 token over a signature: its imprint must be the hash of the signature value, and it
 * must be signed by a time-stamping certificate (EKU timeStamping) that chains to a TSA anchor at
 * its own time. What cannot be computed here (a GOST hash, a GOST TSA key) is reported as null.
 */
export async function checkTimestamp(token: pkijs.SignedData, signature: Uint8Array, tsaAnchors: readonly pkijs.Certificate[]): Promise<TimestampReport> {
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
  const digest = DIGESTS[tst.messageImprint.hashAlgorithm.algorithmId];
  const imprint = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  const imprintMatches = digest ? createHash(digest).update(signature).digest().equals(imprint) : null;
  return { time: tst.genTime.toISOString(), imprintMatches, tsaTrusted: await tsaTrusted(token, signature, tsaAnchors), serialNumber: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex') };
}

async function tsaTrusted(token: pkijs.SignedData, signature: Uint8Array, anchors: readonly pkijs.Certificate[]): Promise<boolean | null> {
  const signer = token.signerInfos[0];
  if (token.signerInfos.length !== 1 || !signer) return false;
  const certificate = (token.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate && signer.sid instanceof pkijs.IssuerAndSerialNumber && c.issuer.isEqual(signer.sid.issuer) && c.serialNumber.isEqual(signer.sid.serialNumber),
  );
  if (!certificate) return false;
  if (anchors.length === 0 || !RSA.has(signer.signatureAlgorithm.algorithmId) || !DIGESTS[signer.digestAlgorithm.algorithmId]) return null;
  const eku = certificate.extensions?.find((e) => e.extnID === EKU)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  if (!eku?.keyPurposes.includes(TIME_STAMPING)) return false;
  try {
    // pkijs checks the TSA's signature and its chain to the anchors at the token's own genTime.
    const result = await token.verify({ signer: 0, data: exactCopy(signature), checkChain: true, trustedCerts: [...anchors], extendedMode: true });
    return result.signatureVerified === true;
  } catch {
    return false;
  }
}

