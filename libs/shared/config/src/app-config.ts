import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { ConfigurationError } from './configuration-error.js';
import { parseRedisUrl, type RedisTarget } from './redis-target.js';

export type ProcessRole = 'all' | 'api' | 'worker';

/** Everything Kelisim reads from the environment, with defaults that need nothing installed but Node. */
export interface AppConfig {
  nodeEnv: string;
  /** argon2id's cost for new password hashes (a hash carries its own, so older ones verify as they are). */
  passwordHashing: { memoryKib: number; passes: number };
  role: ProcessRole;
  port: number;
  /** Where Kelisim keeps its files; the embedded PostgreSQL's data is in `<dataDir>/postgres`. */
  dataDir: string;
  /** An external PostgreSQL, or undefined: the embedded one, whose URL start-up fills in (see RunningConfig). */
  databaseUrl: string | undefined;
  /**
   * The platform's own role (KELISIM_APP_DATABASE_URL): it may only INSERT and SELECT the journal.
   * Unset: the role kelisim_app, made by the owner on first start when it may (ensurePlatformRole).
   */
  appDatabaseUrl: string | undefined;
  /** PostgreSQL connections per process. */
  databasePoolSize: number;
  /** Redis or a Redis Cluster for the queues, or undefined: BullMQ runs on PostgreSQL. */
  redis: RedisTarget | undefined;
  /** BullMQ's prefix and that of Kelisim's own keys; hash-tagged (`{kelisim}`) on a Redis Cluster. */
  queuePrefix: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  rootOrganizationName: string;
  smtpUrl: string | undefined;
  publicUrl: string;
  loginLimits: { perAccount: number; perAddress: number; windowSeconds: number };
  /**
   * Peers whose X-Forwarded-For is believed (addresses, CIDRs, or Express's names loopback,
   * linklocal, uniquelocal); empty: the TCP peer is the client.
   */
  trustedProxies: string[];
  webhooks: WebhookConfig;
  /** /api/docs without signing in: outside production always, in production when KELISIM_PUBLIC_DOCS=true. */
  publicDocs: boolean;
  bodyLimit: string;
  logLevel: string;
  mailFrom: string;
  deliveries: { attempts: number; backoffMs: number };
  /** How often the worker rebuilds Redis from PostgreSQL. */
  reconcileIntervalMs: number;
  /** How long a worker holds a job before another takes it as stalled (BullMQ's lock and stalled check). */
  jobLockMs: number;
  eds: EdsConfig;
  journal: JournalConfig;
}

/** The journal's Merkle tree and signed checkpoints (docs/journal.md). */
export interface JournalConfig {
  /** Ed25519 PKCS#8 PEM file; unset outside production: `<dataDir>/journal-key.pem`, generated when absent. */
  keyPath: string;
  /** Whether a missing key file may be generated (never in production). */
  generateKey: boolean;
  /** The log's name: the checkpoints' origin line and the key's name. */
  origin: string;
  checkpointIntervalMs: number;
  /** A checkpoint sooner once this many events were sealed since the last. */
  checkpointEvents: number;
}

function journalConfig(env: NodeJS.ProcessEnv, nodeEnv: string, dataDir: string, publicUrl: string): JournalConfig {
  if (nodeEnv === 'production' && !env.KELISIM_JOURNAL_KEY) {
    throw new ConfigurationError(
      "KELISIM_JOURNAL_KEY is required when NODE_ENV=production: the path of the journal's Ed25519 signing key (make one with 'openssl genpkey -algorithm ed25519 -out journal-key.pem').",
    );
  }
  // The log's name outlives a restart on another port (the embedded mode picks a free one): the
  // public URL's host name without its port. Pin it with KELISIM_JOURNAL_ORIGIN before the address changes.
  const origin = env.KELISIM_JOURNAL_ORIGIN || `${new URL(publicUrl).hostname}/journal`;
  if (/[\s+]/.test(origin)) throw new ConfigurationError(`KELISIM_JOURNAL_ORIGIN must have no spaces and no '+', not '${origin}'.`);
  const count = (name: string, fallback: number): number => {
    const value = Number(env[name] || fallback);
    if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`${name} must be a positive whole number, not '${env[name]}'.`);
    return value;
  };
  return {
    keyPath: resolve(env.KELISIM_JOURNAL_KEY || resolve(dataDir, 'journal-key.pem')),
    generateKey: !env.KELISIM_JOURNAL_KEY,
    origin,
    checkpointIntervalMs: count('KELISIM_CHECKPOINT_INTERVAL_MS', 10_000),
    checkpointEvents: count('KELISIM_CHECKPOINT_EVENTS', 10_000),
  };
}

/** Where webhooks may point. */
export interface WebhookConfig {
  /** CIDRs an admin opened for an intranet, otherwise refused (loopback, private, link-local…). */
  allow: string[];
  /** Plain http targets: in development and tests only; https everywhere else. */
  httpAllowed: boolean;
}

/** ЭЦП (Kazakh electronic digital signature) verification of memorandum signatures. */
export interface EdsConfig {
  verifier: 'none' | 'pkijs' | 'ncanode';
  /** PEM bundle of the certification authorities a signer's certificate must chain to (pkijs). */
  trustAnchorsPath: string | undefined;
  /** PEM bundle of time-stamping authorities; defaults to the trust anchors. */
  tsaAnchorsPath: string | undefined;
  requireTimestamp: boolean;
  ncanodeUrl: string;
  ncanodeTimeoutMs: number;
}

function jobLockMs(value: string | undefined): number {
  const ms = Number(value ?? 30_000);
  if (!Number.isInteger(ms) || ms < 1000) throw new ConfigurationError(`KELISIM_JOB_LOCK_MS must be a whole number of milliseconds, at least 1000, not '${value}'.`);
  return ms;
}

const EDS_VERIFIERS = ['none', 'pkijs', 'ncanode'] as const;

function edsConfig(env: NodeJS.ProcessEnv): EdsConfig {
  const verifier = (env.KELISIM_EDS_VERIFIER || 'none') as EdsConfig['verifier'];
  if (!EDS_VERIFIERS.includes(verifier)) throw new ConfigurationError(`KELISIM_EDS_VERIFIER must be one of ${EDS_VERIFIERS.join(', ')}, not '${verifier}'.`);
  if (verifier === 'pkijs' && !env.KELISIM_EDS_TRUST_ANCHORS) {
    throw new ConfigurationError('KELISIM_EDS_VERIFIER=pkijs needs KELISIM_EDS_TRUST_ANCHORS: the path of a PEM bundle of the certification authorities to trust.');
  }
  const requireTsp = env.KELISIM_EDS_REQUIRE_TSP;
  if (requireTsp !== undefined && requireTsp !== '' && !['true', 'false'].includes(requireTsp)) {
    throw new ConfigurationError(`KELISIM_EDS_REQUIRE_TSP must be true or false, not '${requireTsp}'.`);
  }
  return {
    verifier,
    trustAnchorsPath: env.KELISIM_EDS_TRUST_ANCHORS || undefined,
    tsaAnchorsPath: env.KELISIM_EDS_TSA_ANCHORS || undefined,
    // A timestamp is what NCALayer adds with a TSA profile; NCANode installations expect it.
    requireTimestamp: requireTsp ? requireTsp === 'true' : verifier === 'ncanode',
    ncanodeUrl: env.KELISIM_NCANODE_URL || 'http://127.0.0.1:14579',
    ncanodeTimeoutMs: Number(env.KELISIM_NCANODE_TIMEOUT_MS ?? 15_000),
  };
}


const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function addressList(name: string, value: string | undefined, names: readonly string[] = []): string[] {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!names.includes(entry) && !ipaddr.isValidCIDR(entry) && !ipaddr.isValid(entry)) {
      throw new ConfigurationError(`${name} must list IP addresses or CIDRs separated by commas; '${entry}' is neither.`);
    }
  }
  return entries;
}

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
  const redis = env.REDIS_URL ? parseRedisUrl(env.REDIS_URL) : undefined;
  const prefix = env.KELISIM_QUEUE_PREFIX ?? 'kelisim';
  return {
    nodeEnv,
    role,
    port,
    dataDir: resolve(env.KELISIM_DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.KELISIM_APP_DATABASE_URL || undefined,
    databasePoolSize: Number(env.KELISIM_DB_POOL_SIZE ?? 20),
    redis,
    // A cluster keeps each queue's keys in one slot only when they share a hash tag (BullMQ requires it).
    queuePrefix: redis?.kind === 'cluster' && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix,
    // Outside production a missing secret gets a random one: tokens then die with the process.
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    jwtTtlSeconds: Number(env.KELISIM_JWT_TTL_SECONDS ?? 3600),
    adminEmail: env.KELISIM_ADMIN_EMAIL,
    adminPassword: env.KELISIM_ADMIN_PASSWORD,
    rootOrganizationName: env.KELISIM_ROOT_ORGANIZATION ?? 'Аудан әкімдігі',
    smtpUrl: env.SMTP_URL || undefined,
    publicUrl: env.KELISIM_PUBLIC_URL ?? `http://localhost:${port}`,
    // argon2id at the library's defaults (64 MiB, 3 passes); only the test suites (NODE_ENV=test) hash
    // cheaply, as test runners commonly do: they make hundreds of accounts on a shared 2-core machine.
    passwordHashing: nodeEnv === 'test' ? { memoryKib: 1024, passes: 1 } : { memoryKib: 65536, passes: 3 },
    loginLimits: {
      perAccount: Number(env.KELISIM_LOGIN_LIMIT_ACCOUNT ?? 10),
      perAddress: Number(env.KELISIM_LOGIN_LIMIT_ADDRESS ?? 50),
      windowSeconds: Number(env.KELISIM_LOGIN_WINDOW_SECONDS ?? 900),
    },
    publicDocs: env.KELISIM_PUBLIC_DOCS ? env.KELISIM_PUBLIC_DOCS === 'true' : nodeEnv !== 'production',
    webhooks: {
      allow: addressList('KELISIM_WEBHOOK_ALLOW', env.KELISIM_WEBHOOK_ALLOW).map((entry) => (entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`)),
      httpAllowed: nodeEnv === 'development' || nodeEnv === 'test',
    },
    trustedProxies: addressList('KELISIM_TRUSTED_PROXIES', env.KELISIM_TRUSTED_PROXIES, PROXY_NAMES),
    bodyLimit: env.KELISIM_BODY_LIMIT ?? '1mb',
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    mailFrom: env.KELISIM_MAIL_FROM ?? 'Kelisim <no-reply@kelisim.kz>',
    deliveries: {
      attempts: Number(env.KELISIM_DELIVERY_ATTEMPTS ?? 8),
      backoffMs: Number(env.KELISIM_DELIVERY_BACKOFF_MS ?? 2000),
    },
    reconcileIntervalMs: Number(env.KELISIM_RECONCILE_MS ?? 60_000),
    jobLockMs: jobLockMs(env.KELISIM_JOB_LOCK_MS),
    eds: edsConfig(env),
    journal: journalConfig(env, nodeEnv, resolve(env.KELISIM_DATA_DIR || 'data'), env.KELISIM_PUBLIC_URL ?? `http://localhost:${port}`),
  };
}

/** The configuration once the services run: the embedded PostgreSQL's URL is known by then. */
export type RunningConfig = AppConfig & { databaseUrl: string };

export const APP_CONFIG = Symbol('kelisim:app-config');
