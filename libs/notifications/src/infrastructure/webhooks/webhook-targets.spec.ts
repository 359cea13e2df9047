import { describe, expect, it } from '@jest/globals';
import { type AppConfig, loadConfig } from '@kelisim/config';
import { DnsWebhookTargets } from './webhook-targets.js';

const targets = (env: NodeJS.ProcessEnv = {}): DnsWebhookTargets => new DnsWebhookTargets(loadConfig({ NODE_ENV: 'development', ...env }) as AppConfig);
const refusal = async (guard: DnsWebhookTargets, url: string): Promise<string | null> =>
  guard.resolve(url).then(
    () => null,
    (error: { code: string; params?: { field?: string } }) => `${error.code} ${error.params?.field}`,
  );

describe('webhook targets', () => {
  it.each([
    'http://127.0.0.1:6379/',
    'http://[::1]:5432/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fe80::1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'http://224.0.0.1/',
    'http://localhost:6379/',
  ])('Target_%s_IsRefused_NamingUrl', async (url) => {
    expect(await refusal(targets(), url)).toBe('WEBHOOK.URL_ADDRESS_REFUSED url');
  });

  it('Target_PublicAddress_IsPinnedToIt', async () => {
    await expect(targets().resolve('https://93.184.216.34/hook')).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
    await expect(targets().resolve('https://[2606:2800:220:1:248:1893:25c8:1946]/hook')).resolves.toMatchObject({ family: 6 });
  });

  it('Target_OverHttp_IsRefusedOutsideDevelopment', async () => {
    expect(await refusal(targets({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-1234', KELISIM_JOURNAL_KEY: '/nonexistent/journal-key.pem' }), 'http://93.184.216.34/')).toBe('WEBHOOK.URL_SCHEME_REFUSED url');
    expect(await refusal(targets(), 'ftp://93.184.216.34/')).toBe('WEBHOOK.URL_SCHEME_REFUSED url');
    expect(await refusal(targets(), 'http://93.184.216.34/')).toBeNull();
  });

  it('Target_InAnAllowedIntranetRange_IsAccepted_TheRestStillRefused', async () => {
    const intranet = targets({ KELISIM_WEBHOOK_ALLOW: '10.20.0.0/16, fd12:3456::/32, 192.168.7.7' });
    expect(await refusal(intranet, 'http://10.20.3.4/')).toBeNull();
    expect(await refusal(intranet, 'http://[::ffff:10.20.3.4]/')).toBeNull();
    expect(await refusal(intranet, 'http://[fd12:3456::1]/')).toBeNull();
    expect(await refusal(intranet, 'http://192.168.7.7/')).toBeNull();
    expect(await refusal(intranet, 'http://10.21.0.1/')).toBe('WEBHOOK.URL_ADDRESS_REFUSED url');
    expect(await refusal(intranet, 'http://192.168.7.8/')).toBe('WEBHOOK.URL_ADDRESS_REFUSED url');
  });

  it('Target_WhoseHostDoesNotResolve_IsRefused', async () => {
    expect(await refusal(targets(), 'https://no-such-host.invalid/')).toBe('WEBHOOK.URL_UNRESOLVED_REFUSED url');
  });
});
