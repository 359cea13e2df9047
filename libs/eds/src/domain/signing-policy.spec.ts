import { describe, expect, it } from '@jest/globals';
import type { CmsReport } from './cms-report.js';
import { EdsRefusedError } from './eds.errors.js';
import { judgeSignature, type SigningExpectation } from './signing-policy.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const BIN = '990740001235';
const IIN = '680315300121';

function report(change: Partial<NonNullable<CmsReport['signer']>> = {}, certificate: Partial<NonNullable<CmsReport['signer']>['certificate']> = {}): CmsReport {
  return {
    verifier: 'ncanode',
    signerCount: 1,
    signer: {
      certificate: {
        subject: `CN=ӘБДІЛДАЕВ ҒАЛЫМ, SERIALNUMBER=IIN${IIN}, OU=BIN${BIN}`,
        issuer: 'CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)',
        serialNumber: '4f1a',
        commonName: 'ӘБДІЛДАЕВ ҒАЛЫМ',
        surname: 'ӘБДІЛДАЕВ',
        givenName: 'ҚАЙРАТҰЛЫ',
        organization: 'Мақтаарал аудандық әкімдігі',
        iin: IIN,
        bin: BIN,
        notBefore: '2026-06-01T00:00:00.000Z',
        notAfter: '2027-06-01T00:00:00.000Z',
        keyUsage: { digitalSignature: true, nonRepudiation: true, keyEncipherment: false },
        extendedKeyUsages: ['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.1'],
        publicKeyAlgorithm: '1.2.398.3.10.1.1.2.3.1',
        signatureAlgorithm: '1.2.398.3.10.1.1.2.3.1',
        ...certificate,
      },
      digestAlgorithm: '1.2.398.3.10.1.3.3',
      signatureAlgorithm: '1.2.398.3.10.1.1.2.3.1',
      contentMatches: null,
      signatureValid: true,
      chainTrusted: true,
      timestamp: { time: '2026-12-01T09:59:58.000Z', imprintMatches: true, tsaTrusted: true, serialNumber: '01' },
      revocation: 'good',
      ...change,
    },
    answer: { valid: true },
  };
}

const expectation = (change: Partial<SigningExpectation> = {}): SigningExpectation => ({ bin: BIN, iin: IIN, requireTimestamp: true, requireRevocationCheck: true, now: NOW, ...change });

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof EdsRefusedError) return error.rule;
    throw error;
  }
  return 'accepted';
};

describe('the signing policy', () => {
  it('Judge_AValidTimestampedOrganizationSignature_AcceptsItAtTheTimestampsTime', () => {
    const accepted = judgeSignature(report(), expectation());
    expect(accepted).toMatchObject({ timestampedAt: '2026-12-01T09:59:58.000Z', trustedAt: '2026-12-01T09:59:58.000Z', revocation: 'good' });
    expect(accepted.signer).toMatchObject({ iin: IIN, bin: BIN, serialNumber: '4f1a', commonName: 'ӘБДІЛДАЕВ ҒАЛЫМ' });
  });

  it.each<[string, () => CmsReport, Partial<SigningExpectation>, string]>([
    ['two signers', () => ({ ...report(), signerCount: 2, signer: null }), {}, 'SIGNER_COUNT'],
    ['a digest of another text', () => report({ contentMatches: false }), {}, 'TEXT_CHANGED'],
    ['a broken signature', () => report({ signatureValid: false }), {}, 'SIGNATURE_INVALID'],
    ['no chain to an anchor', () => report({ chainTrusted: false }), {}, 'UNTRUSTED_CHAIN'],
    ['an AUTH key', () => report({}, { keyUsage: { digitalSignature: true, nonRepudiation: false, keyEncipherment: true } }), {}, 'AUTH_KEY'],
    ['no key usage at all', () => report({}, { keyUsage: null }), {}, 'AUTH_KEY'],
    ["a person's own key", () => report({}, { extendedKeyUsages: ['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.1'] }), {}, 'NOT_ORGANIZATION_KEY'],
    ['no timestamp when one is required', () => report({ timestamp: null }), {}, 'TIMESTAMP_MISSING'],
    ["a timestamp of another signature", () => report({ timestamp: { time: NOW.toISOString(), imprintMatches: false, tsaTrusted: true, serialNumber: null } }), {}, 'TIMESTAMP_MISMATCH'],
    ['an untrusted TSA', () => report({ timestamp: { time: NOW.toISOString(), imprintMatches: true, tsaTrusted: false, serialNumber: null } }), {}, 'TIMESTAMP_UNTRUSTED'],
    ['a GOST-hashed timestamp when one is required', () => report({ timestamp: { time: NOW.toISOString(), imprintMatches: null, tsaTrusted: null, serialNumber: null } }), {}, 'TIMESTAMP_UNVERIFIABLE'],
    ['a certificate expired before the timestamp', () => report({}, { notAfter: '2026-12-01T09:00:00.000Z' }), {}, 'CERTIFICATE_EXPIRED'],
    ['a certificate not valid yet', () => report({}, { notBefore: '2026-12-01T09:59:59.000Z' }), {}, 'CERTIFICATE_NOT_YET_VALID'],
    ['an organization without a BIN', () => report(), { bin: null }, 'ORGANIZATION_WITHOUT_BIN'],
    ['another BIN', () => report({}, { bin: '020440004565' }), {}, 'WRONG_BIN'],
    ['a certificate without a BIN', () => report({}, { bin: null }), {}, 'WRONG_BIN'],
    ['a person without an IIN', () => report(), { iin: null }, 'SIGNER_WITHOUT_IIN'],
    ['another IIN', () => report({}, { iin: '750611300453' }), {}, 'WRONG_PERSON'],
    ['a revoked certificate', () => report({ revocation: 'revoked' }), {}, 'REVOKED'],
    ['no OCSP answer where it is asked', () => report({ revocation: 'unknown' }), {}, 'REVOCATION_UNKNOWN'],
    ['a verifier that could not tell the signature apart', () => report({ signatureValid: null }), {}, 'NOT_VERIFIED'],
    ['a verifier that could not tell the chain', () => report({ chainTrusted: null }), {}, 'NOT_VERIFIED'],
  ])('Judge_%s_IsRefused', (_what, make, change, rule) => {
    expect(refusal(() => judgeSignature(make(), expectation(change)))).toBe(rule);
  });

  it('Judge_WithoutATimestampWhenNoneIsRequired_JudgesValidityAtTheServersTime', () => {
    const accepted = judgeSignature(report({ timestamp: null }), expectation({ requireTimestamp: false }));
    expect(accepted).toMatchObject({ timestampedAt: null, trustedAt: NOW.toISOString() });
    expect(refusal(() => judgeSignature(report({ timestamp: null }, { notAfter: '2026-11-30T00:00:00.000Z' }), expectation({ requireTimestamp: false })))).toBe('CERTIFICATE_EXPIRED');
  });

  it('Judge_AnUncheckableTimestampWhenNoneIsRequired_IgnoresItAndUsesTheServersTime', () => {
    const accepted = judgeSignature(report({ timestamp: { time: '2020-01-01T00:00:00.000Z', imprintMatches: null, tsaTrusted: null, serialNumber: null } }), expectation({ requireTimestamp: false }));
    expect(accepted.trustedAt).toBe(NOW.toISOString());
  });

  it('Judge_WhenOcspWasNotAsked_AcceptsNotChecked; ARevokedAnswerIsRefusedEvenThen', () => {
    expect(refusal(() => judgeSignature(report({ revocation: 'not_checked' }), expectation({ requireRevocationCheck: false })))).toBe('accepted');
    expect(refusal(() => judgeSignature(report({ revocation: 'revoked' }), expectation({ requireRevocationCheck: false })))).toBe('REVOKED');
  });
});
