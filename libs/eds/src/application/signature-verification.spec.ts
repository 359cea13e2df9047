import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@kelisim/config';
import { type Clock, SignatureRefusedError } from '@kelisim/kernel';
import { cmsVerifierFor } from '../eds.module.js';
import { SignatureVerification } from './signature-verification.js';

const clock: Clock = { now: () => new Date('2026-12-01T10:00:00Z') } as Clock;
const verification = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig(env);
  return new SignatureVerification(cmsVerifierFor(config, clock), config, clock);
};
const signature = { cms: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), content: Buffer.from('1. Мәтін'), bin: '990740001235', iin: '680315300121' };

describe('signature verification as configured', () => {
  it('None_WithoutACms_IsTheClickSignature_AndWithACms_IsRefusedNotConfigured', async () => {
    const none = verification({});
    expect(none.kind).toBe('click');
    await expect(none.check({ ...signature, cms: null })).resolves.toBeNull();
    await expect(none.check(signature)).rejects.toMatchObject({ code: 'EDS.NOT_CONFIGURED' });
    await expect(none.check(signature)).rejects.toBeInstanceOf(SignatureRefusedError);
  });

  it('Ncanode_WithoutACms_IsRefusedCmsRequired_AndWithGarbage_Malformed_BeforeAnyCall', async () => {
    // Nothing listens on port 9: a call to NCANode would be a 503, not these refusals.
    const ncanode = verification({ KELISIM_EDS_VERIFIER: 'ncanode', KELISIM_NCANODE_URL: 'http://127.0.0.1:9' });
    expect(ncanode.kind).toBe('cms');
    await expect(ncanode.check({ ...signature, cms: null })).rejects.toMatchObject({ code: 'EDS.CMS_REQUIRED' });
    await expect(ncanode.check(signature)).rejects.toMatchObject({ code: 'EDS.MALFORMED' });
  });

  it('Pkijs_WithAnUnreadableAnchorBundle_StopsStartUp', () => {
    expect(() => verification({ KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: '/nonexistent/nca.pem' })).toThrow(/KELISIM_EDS_TRUST_ANCHORS: cannot read/);
  });
});
