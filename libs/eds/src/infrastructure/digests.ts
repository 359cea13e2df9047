import { createHash } from 'node:crypto';
import gost from 'node-gost-crypto';

/**
 * The message digests a CMS or a timestamp imprint of the НУЦ РК may use, by OID: SHA-2 from Node,
 * GOST from node-gost-crypto (a pure-JS implementation of GOST R 34.11-94 and GOST R 34.11-2012).
 *
 * - GOST 34.311-95 (Kazakhstan's adoption of GOST R 34.11-94, the hash of GOST 34.310-2004 keys):
 *   Kalkan (Gamma Technologies' Tumar inside) runs it with the standard's own test S-box
 *   ("D-TEST", id-GostR3411-94-TestParamSet) and a zero start vector, not CryptoPro's.
 * - GOST 34.11-2015 (Kazakhstan's adoption of GOST R 34.11-2012 "Streebog"), 256 and 512 bits, the
 *   hash of GOST 34.310-2015 keys; also under the Russian TC26 OIDs.
 *
 * Bytes are as a CMS carries them (pygost's and BouncyCastle's order; RFC 6986 prints its examples
 * reversed). Anything else is not computed: callers report "cannot tell" and the policy refuses.
 */
export type DigestName = 'sha256' | 'sha384' | 'sha512' | 'gost34311' | 'streebog256' | 'streebog512';

export const DIGEST_BY_OID: Readonly<Record<string, DigestName>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  /** НУЦ РК: GOST 34.311-95. */
  '1.2.398.3.10.1.3.1': 'gost34311',
  /** НУЦ РК: GOST 34.11-2015, 256 bits. */
  '1.2.398.3.10.1.3.2': 'streebog256',
  /** НУЦ РК: GOST 34.11-2015, 512 bits. */
  '1.2.398.3.10.1.3.3': 'streebog512',
  /** Gamma Technologies (Tumar): GOST 34.311-95 with the same S-box ("GOST34311GT" in NCANode). */
  '1.3.6.1.4.1.6801.1.2.1': 'gost34311',
  /** TC26: id-tc26-gost3411-12-256 and -512 (RFC 7836). */
  '1.2.643.7.1.1.2.2': 'streebog256',
  '1.2.643.7.1.1.2.3': 'streebog512',
};

const gostDigest = (algorithm: Parameters<typeof gost.gostEngine.getGostDigest>[0]) => (data: Uint8Array): Buffer =>
  Buffer.from(gost.gostEngine.getGostDigest(algorithm).digest(data));

const HASHES: Readonly<Record<DigestName, (data: Uint8Array) => Buffer>> = {
  sha256: (data) => createHash('sha256').update(data).digest(),
  sha384: (data) => createHash('sha384').update(data).digest(),
  sha512: (data) => createHash('sha512').update(data).digest(),
  gost34311: gostDigest({ name: 'GOST R 34.11', version: 1994, sBox: 'D-TEST' }),
  streebog256: gostDigest({ name: 'GOST R 34.11', version: 2012, length: 256 }),
  streebog512: gostDigest({ name: 'GOST R 34.11', version: 2012, length: 512 }),
};

/** The digest of `data` by the algorithm `oid` names, or null when Kelisim does not know it. */
export function digestByOid(oid: string, data: Uint8Array): Buffer | null {
  const name = DIGEST_BY_OID[oid];
  return name ? HASHES[name](data) : null;
}

export const digest = (name: DigestName, data: Uint8Array): Buffer => HASHES[name](data);
