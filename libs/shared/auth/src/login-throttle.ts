import { Inject, Injectable } from '@nestjs/common';
import { KEY_PREFIX, KeyStore } from '@kelisim/queue';
import { TooManyFailedLoginsError } from './auth.errors.js';

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}
export const LOGIN_LIMITS = Symbol('kelisim:login-limits');

/**
 * Counts failed logins per account and per client address in the key store (Redis, or PostgreSQL
 * when the queues run there), in a fixed window. While either count is over its limit, every login
 * for it is refused with 429, right password or not, so the limit cannot be used to learn a
 * password; successful logins add nothing to the counts.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly keys: KeyStore,
    @Inject(KEY_PREFIX) private readonly prefix: string,
    @Inject(LOGIN_LIMITS) private readonly limits: LoginLimits,
  ) {}

  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, client] = await this.keys.read([this.accountKey(email), this.addressKey(address)]);
    if (account.count >= this.limits.perAccount || client.count >= this.limits.perAddress) {
      throw new TooManyFailedLoginsError(Math.max(account.ttlSeconds, client.ttlSeconds, 1));
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await this.keys.increment([this.accountKey(email), this.addressKey(address)], this.limits.windowSeconds);
  }

  private accountKey(email: string): string {
    return `${this.prefix}:login-failures:account:${email.toLowerCase()}`;
  }

  private addressKey(address: string): string {
    return `${this.prefix}:login-failures:address:${address}`;
  }
}
