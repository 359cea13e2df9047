import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { KEY_PREFIX, REDIS } from '@kelisim/queue';
import { TooManyFailedLoginsError } from './auth.errors.js';

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}
export const LOGIN_LIMITS = Symbol('kelisim:login-limits');

/**
 * Counts failed logins per account and per client address in Redis, in a fixed window. While either
 * count is over its limit, every login for it is refused with 429, right password or not, so the
 * limit cannot be used to learn a password; successful logins add nothing to the counts.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KEY_PREFIX) private readonly prefix: string,
    @Inject(LOGIN_LIMITS) private readonly limits: LoginLimits,
  ) {}

  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, client] = await this.redis.mget(this.accountKey(email), this.addressKey(address));
    if (Number(account ?? 0) >= this.limits.perAccount || Number(client ?? 0) >= this.limits.perAddress) {
      const ttl = Math.max(
        await this.redis.ttl(this.accountKey(email)),
        await this.redis.ttl(this.addressKey(address)),
        1,
      );
      throw new TooManyFailedLoginsError(ttl);
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const window = this.limits.windowSeconds;
    await this.redis
      .multi()
      .incr(this.accountKey(email))
      .expire(this.accountKey(email), window, 'NX')
      .incr(this.addressKey(address))
      .expire(this.addressKey(address), window, 'NX')
      .exec();
  }

  private accountKey(email: string): string {
    return `${this.prefix}:login-failures:account:${email.toLowerCase()}`;
  }

  private addressKey(address: string): string {
    return `${this.prefix}:login-failures:address:${address}`;
  }
}
