import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

/** What a valid token says: its user, and the generation of the user's tokens it was issued in. */
export interface TokenSubject {
  userId: string;
  generation: number;
}

/** Tokens already verified, until they expire: a signature is checked once, not on every request. */
const MAX_VERIFIED = 10_000;

@Injectable()
export class TokenService {
  private readonly verified = new Map<string, TokenSubject & { expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly ttlSeconds: number,
  ) {}

  /** A token for the user, valid while their token generation is still `generation`. */
  issue(userId: string, generation: number): AccessToken {
    return { accessToken: this.jwt.sign({ sub: userId, gen: generation }, { expiresIn: this.ttlSeconds }), expiresIn: this.ttlSeconds };
  }

  /** The subject of a valid token, or null for a bad, expired or foreign one. */
  verify(token: string): TokenSubject | null {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return { userId: known.userId, generation: known.generation };
      this.verified.delete(token);
    }
    try {
      const payload = this.jwt.verify<{ sub?: unknown; gen?: unknown; exp?: unknown }>(token);
      if (typeof payload.sub !== 'string') return null;
      // Tokens issued before generations existed are generation 0, as every user was then.
      const generation = payload.gen === undefined ? 0 : payload.gen;
      if (typeof generation !== 'number' || !Number.isSafeInteger(generation)) return null;
      const subject = { userId: payload.sub, generation };
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
        this.verified.set(token, { ...subject, expiresAtMs: payload.exp * 1000 });
      }
      return subject;
    } catch {
      return null;
    }
  }
}
