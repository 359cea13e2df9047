import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateFacts } from '../domain/cms-report.js';
import { EdsRefusedError } from '../domain/eds.errors.js';

/*
 * Reading a CMS is plain ASN.1 (pkijs + asn1js) whatever its algorithms, GOST included: both
 * verifiers read the certificate facts here, so the policy judges the same facts either way.
 */

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  messageDigest: '1.2.840.113549.1.9.4',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
} as const;

const NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SURNAME',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
};

/** The SHA-2 digests WebCrypto (so pkijs) can verify a signature with, by their Node names; GOST ones are in digests.ts. */
export const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface ParsedCms {
  signedData: pkijs.SignedData;
  signerCount: number;
  /** The first signer (the policy refuses any other count). */
  signerInfo: pkijs.SignerInfo | null;
  signerCertificate: pkijs.Certificate | null;
  /** The CMS's own content, when it is not detached. */
  embeddedContent: Uint8Array | null;
}

const malformed = (why: string): EdsRefusedError => new EdsRefusedError('MALFORMED', `The signature is not a readable CMS SignedData: ${why}.`, { why });

export function parseCms(der: Uint8Array): ParsedCms {
  let signedData: pkijs.SignedData;
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.byteLength) throw new Error('not DER');
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    throw malformed('not DER-encoded CMS SignedData');
  }
  const signerInfo = signedData.signerInfos[0] ?? null;
  const eContent = signedData.encapContentInfo.eContent;
  return {
    signedData,
    signerCount: signedData.signerInfos.length,
    signerInfo,
    signerCertificate: signerInfo ? findSignerCertificate(signedData, signerInfo) : null,
    embeddedContent: eContent ? new Uint8Array(eContent.getValue()) : null,
  };
}

/** The certificate a signer's SID names, among the SignedData's own certificates. */
export function findSignerCertificate(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate | null {
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (signerInfo.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = signerInfo.sid;
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  // SubjectKeyIdentifier: SHA-1 of the public key's bits.
  const sid = signerInfo.sid as asn1js.Constructed & asn1js.Primitive;
  const keyId = sid.idBlock.isConstructed ? (sid.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView : sid.valueBlock.valueHexView;
  return certificates.find((c) => createHash('sha1').update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest().equals(Buffer.from(keyId))) ?? null;
}

/** The signed `messageDigest` attribute, if the signer has signed attributes. */
export function signedMessageDigest(signerInfo: pkijs.SignerInfo): Uint8Array | null {
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.messageDigest);
  const value = attribute?.values[0] as asn1js.OctetString | undefined;
  return value ? new Uint8Array(value.valueBlock.valueHexView) : null;
}

export const signatureValue = (signerInfo: pkijs.SignerInfo): Uint8Array => new Uint8Array(signerInfo.signature.valueBlock.valueHexView);

/** The RFC 3161 timestamp token among the signer's unsigned attributes, as a SignedData over a TSTInfo. */
export function timestampToken(signerInfo: pkijs.SignerInfo): pkijs.SignedData | null {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.timeStampToken);
  if (!attribute) return null;
  try {
    const info = new pkijs.ContentInfo({ schema: attribute.values[0] });
    return new pkijs.SignedData({ schema: info.content });
  } catch {
    throw malformed('its timestamp token is not a CMS SignedData');
  }
}

const text = (value: unknown): string => {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  return typeof block?.value === 'string' ? block.value : '';
};

export const distinguishedName = (name: pkijs.RelativeDistinguishedNames): string =>
  name.typesAndValues.map((tv) => `${NAMES[tv.type] ?? tv.type}=${text(tv.value)}`).join(', ');

export const serialHex = (certificate: pkijs.Certificate): string =>
  Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^0+(?=.)/, '');

/** Facts the policy needs, from the certificate itself (NCA subjects: SERIALNUMBER=IIN…, OU=BIN…). */
export function certificateFacts(certificate: pkijs.Certificate): CertificateFacts {
  const values = (oid: string): string[] => certificate.subject.typesAndValues.filter((tv) => tv.type === oid).map((tv) => text(tv.value));
  const first = (oid: string): string | null => values(oid)[0] ?? null;
  const tagged = (prefix: 'IIN' | 'BIN', ...oids: string[]): string | null => {
    const found = oids.flatMap(values).find((v) => v.startsWith(prefix) && /^\d{12}$/.test(v.slice(3)));
    return found ? found.slice(3) : null;
  };
  const extension = (oid: string) => certificate.extensions?.find((e) => e.extnID === oid);
  const keyUsageBits = extension(OID.keyUsage)?.parsedValue as asn1js.BitString | undefined;
  const bits = keyUsageBits ? new Uint8Array(keyUsageBits.valueBlock.valueHexView) : null;
  const eku = extension(OID.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    serialNumber: serialHex(certificate),
    commonName: first('2.5.4.3'),
    surname: first('2.5.4.4'),
    givenName: first('2.5.4.42'),
    organization: first('2.5.4.10'),
    iin: tagged('IIN', '2.5.4.5'),
    bin: tagged('BIN', '2.5.4.11', '2.5.4.5'),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
    keyUsage: bits ? { digitalSignature: (bits[0] & 0x80) !== 0, nonRepudiation: (bits[0] & 0x40) !== 0, keyEncipherment: (bits[0] & 0x20) !== 0 } : null,
    extendedKeyUsages: eku?.keyPurposes ?? [],
    publicKeyAlgorithm: certificate.subjectPublicKeyInfo.algorithm.algorithmId,
    signatureAlgorithm: certificate.signatureAlgorithm.algorithmId,
  };
}

/** Certificates of a PEM bundle (trust anchors), read with pkijs. */
export function certificatesOfPem(pem: string): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  return blocks.map((block) => pkijs.Certificate.fromBER(Buffer.from(block[1].replace(/\s+/g, ''), 'base64')));
}
