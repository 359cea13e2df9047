import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

/** Tokens already verified, until they expire: a signature is checked once, not on every request. */
const MAX_VERIFIED = 10_000;

@Injectable()
export class TokenService {
  private readonly verified = new Map<string, { userId: string; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: string): AccessToken {
    return { accessToken: this.jwt.sign({ sub: userId }, { expiresIn: this.ttlSeconds }), expiresIn: this.ttlSeconds };
  }

  /** The user id of a valid token, or null for a bad, expired or foreign one. */
  verify(token: string): string | null {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.userId;
      this.verified.delete(token);
    }
    try {
      const payload = this.jwt.verify<{ sub?: unknown; exp?: unknown }>(token);
      if (typeof payload.sub !== 'string') return null;
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
        this.verified.set(token, { userId: payload.sub, expiresAtMs: payload.exp * 1000 });
      }
      return payload.sub;
    } catch {
      return null;
    }
  }
}
