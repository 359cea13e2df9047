import { randomBytes } from 'node:crypto';

export type ProcessRole = 'all' | 'api' | 'worker';

/** Everything Kelisim reads from the environment, with defaults that work on a machine with local services. */
export interface AppConfig {
  nodeEnv: string;
  role: ProcessRole;
  port: number;
  databaseUrl: string;
  /** PostgreSQL connections per process. */
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  rootOrganizationName: string;
  smtpUrl: string | undefined;
  publicUrl: string;
  loginLimits: { perAccount: number; perAddress: number; windowSeconds: number };
  bodyLimit: string;
  logLevel: string;
  mailFrom: string;
  deliveries: { attempts: number; backoffMs: number };
  /** How often the worker rebuilds Redis from PostgreSQL. */
  reconcileIntervalMs: number;
}

export class ConfigurationError extends Error {}

const ROLES: readonly ProcessRole[] = ['all', 'api', 'worker'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const role = (env.KELISIM_ROLE ?? 'all') as ProcessRole;
  if (!ROLES.includes(role)) throw new ConfigurationError(`KELISIM_ROLE must be one of ${ROLES.join(', ')}, not '${role}'.`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError(`PORT must be a port number, not '${env.PORT}'.`);
  if (nodeEnv === 'production' && !env.JWT_SECRET) {
    throw new ConfigurationError('JWT_SECRET is required when NODE_ENV=production: set it to a long random string.');
  }
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 16) {
    throw new ConfigurationError('JWT_SECRET must be at least 16 characters long.');
  }
  return {
    nodeEnv,
    role,
    port,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim',
    databasePoolSize: Number(env.KELISIM_DB_POOL_SIZE ?? 20),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    queuePrefix: env.KELISIM_QUEUE_PREFIX ?? 'kelisim',
    // Outside production a missing secret gets a random one: tokens then die with the process.
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    jwtTtlSeconds: Number(env.KELISIM_JWT_TTL_SECONDS ?? 3600),
    adminEmail: env.KELISIM_ADMIN_EMAIL,
    adminPassword: env.KELISIM_ADMIN_PASSWORD,
    rootOrganizationName: env.KELISIM_ROOT_ORGANIZATION ?? 'Аудан әкімдігі',
    smtpUrl: env.SMTP_URL || undefined,
    publicUrl: env.KELISIM_PUBLIC_URL ?? `http://localhost:${port}`,
    loginLimits: {
      perAccount: Number(env.KELISIM_LOGIN_LIMIT_ACCOUNT ?? 10),
      perAddress: Number(env.KELISIM_LOGIN_LIMIT_ADDRESS ?? 50),
      windowSeconds: Number(env.KELISIM_LOGIN_WINDOW_SECONDS ?? 900),
    },
    bodyLimit: env.KELISIM_BODY_LIMIT ?? '1mb',
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    mailFrom: env.KELISIM_MAIL_FROM ?? 'Kelisim <no-reply@kelisim.kz>',
    deliveries: {
      attempts: Number(env.KELISIM_DELIVERY_ATTEMPTS ?? 8),
      backoffMs: Number(env.KELISIM_DELIVERY_BACKOFF_MS ?? 2000),
    },
    reconcileIntervalMs: Number(env.KELISIM_RECONCILE_MS ?? 60_000),
  };
}

export const APP_CONFIG = Symbol('kelisim:app-config');
