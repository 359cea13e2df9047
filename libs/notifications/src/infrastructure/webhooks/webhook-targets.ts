import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { ValidationError } from '@kelisim/kernel';
import { WebhookTargets } from '../../application/set-webhook/webhook-targets.js';

/** A webhook URL whose host was resolved and judged: connect to `address`, present `url`'s host. */
export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Why a target is refused; the code is all a delivery's lastError says (nothing of the network). */
export class WebhookTargetRefusedError extends ValidationError {
  constructor(reason: 'scheme' | 'address' | 'unresolved') {
    super(
      'url',
      {
        scheme: 'url must be https (http only in development)',
        address: 'url must not resolve to a loopback, private, link-local, shared or metadata address unless KELISIM_WEBHOOK_ALLOW opens it',
        unresolved: 'the host of url does not resolve',
      }[reason],
      `WEBHOOK.URL_${reason.toUpperCase()}_REFUSED`,
    );
  }
}

/**
 * Judges where a webhook may go: https (http in development), a host that resolves, and every
 * address it resolves to a public unicast one — ipaddr.js's ranges: anything but `unicast`
 * (loopback, RFC 1918, ULA, link-local and so the metadata addresses 169.254.169.254 and
 * fd00:ec2::254, CGNAT, unspecified, multicast, reserved, and IPv6 forms that carry an IPv4 address:
 * mapped, NAT64, 6to4, Teredo) is refused unless an allowed CIDR holds it. Hosts written oddly
 * (`0x7f000001`, `2130706433`, `0177.0.0.1`) are normalized by the WHATWG URL parser first.
 */
@Injectable()
export class DnsWebhookTargets extends WebhookTargets {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    this.allowed = config.webhooks.allow.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  async check(url: string): Promise<void> {
    await this.resolve(url);
  }

  async resolve(raw: string): Promise<ResolvedTarget> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ValidationError('url', 'url must be an absolute URL');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.config.webhooks.httpAllowed)) throw new WebhookTargetRefusedError('scheme');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: { address: string; family: number }[];
    if (ipaddr.isValid(host)) addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    else {
      try {
        addresses = await lookup(host, { all: true, verbatim: true });
      } catch {
        throw new WebhookTargetRefusedError('unresolved');
      }
    }
    if (addresses.length === 0) throw new WebhookTargetRefusedError('unresolved');
    // Every address must pass: a name that also resolves inward would let a retry land there.
    if (!addresses.every(({ address }) => this.permitted(address))) throw new WebhookTargetRefusedError('address');
    const [first] = addresses;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  /** A public unicast address, or one inside an allowed CIDR (compared in its own family and unwrapped). */
  permitted(address: string): boolean {
    const parsed = ipaddr.parse(address);
    const plain = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
    if (this.allowed.some(([range, bits]) => range.kind() === plain.kind() && plain.match(range, bits))) return true;
    return plain.range() === 'unicast';
  }
}
