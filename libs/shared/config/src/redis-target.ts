import { ConfigurationError } from './configuration-error.js';

/** A Redis server, or the nodes of a Redis Cluster (any reachable subset: the client discovers the rest). */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; username?: string; password?: string; tls: boolean };

const CLUSTER = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#]+)\/?$/;

/**
 * `redis://host:port/db`, `rediss://…`, or `redis+cluster://[user:password@]host1:port,host2:port`
 * (`rediss+cluster://` with TLS). The standard URL parser reads one host only, so the cluster form
 * is read here.
 */
export function parseRedisUrl(value: string): RedisTarget {
  const cluster = CLUSTER.exec(value);
  if (cluster) {
    const [, scheme, credentials, hosts] = cluster;
    const nodes = hosts.split(',').map((node) => {
      const parsed = /^([^:,\s]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(node.trim());
      const port = Number(parsed?.[2]);
      if (!parsed || port < 1 || port > 65535) throw new ConfigurationError(`REDIS_URL names a cluster node '${node}' that is not host:port.`);
      return { host: parsed[1].replace(/^\[|\]$/g, ''), port };
    });
    const [username, password] = credentials ? credentials.split(':', 2).map(decodeURIComponent) : [];
    return { kind: 'cluster', nodes, username: username || undefined, password: password || undefined, tls: scheme === 'rediss' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`REDIS_URL must be redis://host:port/db or redis+cluster://host1:port,host2:port, not '${redact(value)}'.`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigurationError(`REDIS_URL must start with redis://, rediss:// or redis+cluster://, not '${url.protocol}//'.`);
  }
  return { kind: 'single', url: value };
}

/** Where a target is, for a message: hosts and ports, never credentials. */
export function describeRedis(target: RedisTarget): string {
  if (target.kind === 'cluster') return `the Redis Cluster at ${target.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  const url = new URL(target.url);
  return `Redis at ${url.hostname}:${url.port || 6379}`;
}

const redact = (value: string): string => value.replace(/\/\/[^@/]*@/, '//…@');
