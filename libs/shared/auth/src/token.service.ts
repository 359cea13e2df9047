import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: string): AccessToken {
    return { accessToken: this.jwt.sign({ sub: userId }, { expiresIn: this.ttlSeconds }), expiresIn: this.ttlSeconds };
  }

  /** The user id of a valid token, or null for a bad, expired or foreign one. */
  verify(token: string): string | null {
    try {
      const payload = this.jwt.verify<{ sub?: unknown }>(token);
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
