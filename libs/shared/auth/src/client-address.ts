import ipaddr from 'ipaddr.js';

/**
 * The throttling bucket of a client address: an IPv4 address as it is (an IPv4-mapped IPv6 one
 * unwrapped to it), an IPv6 address by its /64, the smallest block a provider hands one subscriber,
 * so rotating through one's own /64 gains nothing. Anything unparsable is its own bucket.
 */
export function clientBucket(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return address || 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
