import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { loadConfig } from './app-config.js';
import { ConfigurationError } from './configuration-error.js';
import { describeRedis } from './redis-target.js';

describe('configuration', () => {
  it('Defaults_EmbeddedPostgresAndQueuesOnIt_DataInDotData', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      role: 'all',
      port: 3000,
      databaseUrl: undefined,
      redis: undefined,
      dataDir: resolve('data'),
      queuePrefix: 'kelisim',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ KELISIM_DATA_DIR: '/srv/kelisim' }).dataDir).toBe('/srv/kelisim');
  });

  it('ExternalServices_WhenUrlsAreSet', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/k', REDIS_URL: 'redis://cache:6380/2' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@db:5432/k', redis: { kind: 'single', url: 'redis://cache:6380/2' }, queuePrefix: 'kelisim' });
  });

  it('ClusterUrl_NamesEveryNode_AndHashTagsThePrefix', () => {
    const config = loadConfig({ REDIS_URL: 'rediss+cluster://ops:s%40cret@10.0.0.1:7000,redis-b:7001,[::1]:7002' });
    expect(config.redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: 'ops',
      password: 's@cret',
      tls: true,
    });
    expect(config.queuePrefix).toBe('{kelisim}');
    expect(loadConfig({ REDIS_URL: 'redis+cluster://a:1', KELISIM_QUEUE_PREFIX: 'akimat' }).queuePrefix).toBe('{akimat}');
    expect(loadConfig({ REDIS_URL: 'redis+cluster://a:1', KELISIM_QUEUE_PREFIX: 'x{akimat}' }).queuePrefix).toBe('x{akimat}');
    expect(describeRedis(config.redis!)).toBe('the Redis Cluster at 10.0.0.1:7000,redis-b:7001,::1:7002');
  });

  it('BadRedisUrl_Refuses_WithoutEchoingThePassword', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis+cluster://a:1,b' })).toThrow(/'b' that is not host:port/);
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ REDIS_URL: 'not a url with p4ss@' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ REDIS_URL: 'redis//user:hunter2@host' })).toThrow(/not 'redis\/\/…@host'/);
  });

  it('Production_WithoutJwtSecret_Refuses', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-secret' })).toThrow(/KELISIM_JOURNAL_KEY is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-secret', KELISIM_JOURNAL_KEY: '/etc/kelisim/journal-key.pem' }).jwtSecret).toBe('a-long-enough-secret');
  });

  it('UnknownRoleOrBadPort_Refuses', () => {
    expect(() => loadConfig({ KELISIM_ROLE: 'both' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigurationError);
  });

  it('Eds_ByDefault_IsTheClickSignature; AnUnknownVerifierOrPkijsWithoutAnchors_Refuses', () => {
    expect(loadConfig({}).eds).toMatchObject({ verifier: 'none', requireTimestamp: false });
    expect(() => loadConfig({ KELISIM_EDS_VERIFIER: 'kalkan' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ KELISIM_EDS_VERIFIER: 'pkijs' })).toThrow(/KELISIM_EDS_TRUST_ANCHORS/);
    expect(() => loadConfig({ KELISIM_EDS_VERIFIER: 'ncanode', KELISIM_EDS_REQUIRE_TSP: 'yes' })).toThrow(/KELISIM_EDS_REQUIRE_TSP/);
  });

  it('Eds_RequiresATimestampByDefaultWithNcanodeOnly_AndAsToldOtherwise', () => {
    expect(loadConfig({ KELISIM_EDS_VERIFIER: 'ncanode' }).eds).toMatchObject({ requireTimestamp: true, ncanodeUrl: 'http://127.0.0.1:14579' });
    expect(loadConfig({ KELISIM_EDS_VERIFIER: 'ncanode', KELISIM_EDS_REQUIRE_TSP: 'false' }).eds.requireTimestamp).toBe(false);
    expect(loadConfig({ KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: '/etc/kelisim/nca.pem' }).eds).toMatchObject({ requireTimestamp: false, trustAnchorsPath: '/etc/kelisim/nca.pem' });
    expect(loadConfig({ KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: '/a.pem', KELISIM_EDS_REQUIRE_TSP: 'true' }).eds.requireTimestamp).toBe(true);
  });

  it('TrustedProxies_NoneByDefault_ListedOnesParsed_GarbageRefused', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ KELISIM_TRUSTED_PROXIES: ' 10.0.0.2, 10.1.0.0/16 ,loopback,fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.2',
      '10.1.0.0/16',
      'loopback',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ KELISIM_TRUSTED_PROXIES: 'proxy.internal' })).toThrow(ConfigurationError);
  });
});
