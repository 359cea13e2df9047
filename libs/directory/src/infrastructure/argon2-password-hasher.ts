import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { PasswordHasher } from '../domain/directory.repositories.js';

/** argon2id with the library's defaults (64 MiB, 3 passes); cheaper only under test (AppConfig.passwordHashing). */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  hash(password: string): Promise<string> {
    const { memoryKib, passes } = this.config.passwordHashing;
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKib, timeCost: passes });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
