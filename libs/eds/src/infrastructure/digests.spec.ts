import { describe, expect, it } from '@jest/globals';
import { digest, digestByOid } from './digests.js';

/**
 * Published test vectors only, and one real token of the НУЦ РК's test TSA:
 * - GOST R 34.11-94 with its test parameter set (= GOST 34.311-95 as Kalkan runs it): the
 *   standard's two examples, RFC 5831 §7.3.1 and §7.3.2.
 * - GOST R 34.11-2012 "Streebog" (= GOST 34.11-2015): RFC 6986 §10.1 and §10.2 (examples M1 and M2
 *   of the standard's appendix A). The RFC writes messages and hashes as numbers, most significant
 *   byte first; the bytes hashed and produced are those strings reversed.
 */
const hex = (value: string): Buffer => Buffer.from(value, 'hex');
const reversed = (value: string): Buffer => hex(value).reverse();

const RFC6986 = {
  M1: '323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130',
  M1_512: '486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b',
  M1_256: '00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d',
  M2: 'fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1',
  M2_512: '28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e',
  M2_256: '508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d',
};

describe('GOST digests', () => {
  it.each([
    ['This is message, length=32 bytes', 'b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa'],
    ['Suppose the original message has length = 50 bytes', '471aba57a60a770d3a76130635c1fbea4ef14de51f78b4ae57dd893b62f55208'],
  ])('Gost34311_RFC5831Example_%s', (message, expected) => {
    expect(digest('gost34311', Buffer.from(message, 'ascii')).toString('hex')).toBe(expected);
  });

  it('Gost34311_IsTheHashKalkanComputes_TheMessageDigestOfARealNcaTestTsaToken', () => {
    // NCANode's src/test/resources/tsp/tsp_token.bin (MIT): a token of the НУЦ РК's test GOST TSA
    // (2022-09-18), its SignerInfo's digest 1.2.398.3.10.1.3.1; the signed messageDigest attribute is
    // Kalkan's GOST 34.311-95 of the token's TSTInfo, these 96 bytes. Confirms the S-box Kalkan uses.
    const tstInfo = hex(
      '305f02010106082a830e03030206013021300906052b0e03021a050004141465dad126d32bf7aa5d3b95a5c7c331cdff34df02145e846dd75d861154db10f13c54dc1f8d33fe6adc180f32303232303931383133323031345a0206018350c022d7',
    );
    expect(digestByOid('1.2.398.3.10.1.3.1', tstInfo)?.toString('hex')).toBe('8d7cd75afc6e309d94d61edbd76f697ed35b61e17e38ac7e0c73cd48ab9cb237');
  });

  it.each([
    ['M1', 'streebog512', RFC6986.M1, RFC6986.M1_512],
    ['M1', 'streebog256', RFC6986.M1, RFC6986.M1_256],
    ['M2', 'streebog512', RFC6986.M2, RFC6986.M2_512],
    ['M2', 'streebog256', RFC6986.M2, RFC6986.M2_256],
  ] as const)('Streebog_RFC6986Example%s_%s', (_example, name, message, expected) => {
    expect(digest(name, reversed(message))).toEqual(reversed(expected));
  });

  it('Streebog_RFC6986M1_IsTheAsciiDigitsString', () => {
    // Guards the byte order above: M1 read back to front is "0123456789…012", 63 bytes.
    expect(reversed(RFC6986.M1).toString('ascii')).toBe('012345678901234567890123456789012345678901234567890123456789012');
  });

  const RFC5831_32 = { message: Buffer.from('This is message, length=32 bytes', 'ascii'), hash: 'b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa' };
  it.each([
    ['1.2.398.3.10.1.3.1', RFC5831_32.message, RFC5831_32.hash],
    ['1.3.6.1.4.1.6801.1.2.1', RFC5831_32.message, RFC5831_32.hash],
    ['1.2.398.3.10.1.3.2', reversed(RFC6986.M1), reversed(RFC6986.M1_256).toString('hex')],
    ['1.2.398.3.10.1.3.3', reversed(RFC6986.M1), reversed(RFC6986.M1_512).toString('hex')],
    ['1.2.643.7.1.1.2.2', reversed(RFC6986.M1), reversed(RFC6986.M1_256).toString('hex')],
    ['1.2.643.7.1.1.2.3', reversed(RFC6986.M1), reversed(RFC6986.M1_512).toString('hex')],
  ])('DigestByOid_%s_IsTheAlgorithmTheNcaNamesSo', (oid, message, expected) => {
    expect(digestByOid(oid, message)?.toString('hex')).toBe(expected);
  });

  it('DigestByOid_SHA256_IsNodes; AnUnknownOid_IsNull', () => {
    expect(digestByOid('2.16.840.1.101.3.4.2.1', Buffer.from('abc'))?.toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digestByOid('1.2.643.2.2.9', Buffer.from('abc'))).toBeNull();
  });

  it('Digest_OfAViewIntoALargerBuffer_HashesOnlyTheViewsBytes', () => {
    const message = Buffer.from('This is message, length=32 bytes');
    const padded = Buffer.concat([Buffer.from('xxxx'), message, Buffer.from('yyyy')]).subarray(4, 4 + message.length);
    expect(digest('gost34311', padded)).toEqual(digest('gost34311', Buffer.from(message)));
    expect(digest('streebog256', padded)).toEqual(digest('streebog256', Buffer.from(message)));
  });
});
