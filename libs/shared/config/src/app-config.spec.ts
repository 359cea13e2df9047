import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, loadConfig } from './app-config.js';

describe('configuration', () => {
  it('Defaults_WorkWithLocalServices', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      role: 'all',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/kelisim',
      redisUrl: 'redis://127.0.0.1:6379/0',
      queuePrefix: 'kelisim',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('Production_WithoutJwtSecret_Refuses', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-secret' }).jwtSecret).toBe('a-long-enough-secret');
  });

  it('UnknownRoleOrBadPort_Refuses', () => {
    expect(() => loadConfig({ KELISIM_ROLE: 'both' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigurationError);
  });
});
