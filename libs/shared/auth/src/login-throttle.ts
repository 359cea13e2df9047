import { Inject, Injectable } from '@nestjs/common';
import { KEY_PREFIX, KeyStore } from '@kelisim/queue';
import { TooManyFailedLoginsError } from './auth.errors.js';
import { clientBucket } from './client-address.js';

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}
export const LOGIN_LIMITS = Symbol('kelisim:login-limits');

/** What a password check admitted by the throttle reports back when it succeeded. */
export interface AdmittedAttempt {
  succeeded(): Promise<void>;
}

/**
 * Counts password attempts per account (the e-mail as the account lookup reads it: trimmed, lower
 * case) and per client address (an IPv6 client by its /64) in the key store (Redis, or PostgreSQL
 * when the queues run there), in a fixed window. The attempt is counted atomically before the
 * password is checked, so of any number of parallel attempts at most the limit reach the hash; the
 * others, and every attempt while a count is over its limit, are refused with 429, right password
 * or not, so the limit cannot be used to learn a password. A successful attempt takes its count
 * back: only failures use up the window.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly keys: KeyStore,
    @Inject(KEY_PREFIX) private readonly prefix: string,
    @Inject(LOGIN_LIMITS) private readonly limits: LoginLimits,
  ) {}

  /** Counts one attempt for the account and the address; 429 when either passes its limit. */
  async admit(email: string, address: string | undefined): Promise<AdmittedAttempt> {
    const keys = [this.accountKey(email), this.addressKey(address)];
    const [account, client] = await this.keys.increment(keys, this.limits.windowSeconds);
    if (account.count > this.limits.perAccount || client.count > this.limits.perAddress) {
      throw new TooManyFailedLoginsError(Math.max(account.ttlSeconds, client.ttlSeconds, 1));
    }
    return { succeeded: () => this.keys.decrement(keys) };
  }

  private accountKey(email: string): string {
    return `${this.prefix}:login-failures:account:${email.trim().toLowerCase()}`;
  }

  private addressKey(address: string | undefined): string {
    return `${this.prefix}:login-failures:address:${clientBucket(address)}`;
  }
}
