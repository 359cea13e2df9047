import { Injectable } from '@nestjs/common';
import { type AccessToken, InvalidCredentialsError, LoginThrottle, TokenService } from '@kelisim/auth';
import { PasswordHasher, UserRepository } from '../../domain/directory.repositories.js';
import { normalizeEmail } from '../../domain/user.js';

/** Logging in changes no state, so it is a use case outside the command bus. */
@Injectable()
export class LogIn {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(email: string, password: string, clientAddress: string | undefined): Promise<AccessToken> {
    // Counted under the e-mail the lookup uses, so padding or case does not make a fresh account.
    const attempt = await this.throttle.admit(normalizeEmail(email), clientAddress);
    const user = await this.users.getByEmail(email);
    // An unknown e-mail costs the same hash as a known one, so timing tells nothing.
    const hash = user?.passwordHash ?? (await (this.dummyHash ??= this.hasher.hash('kelisim-dummy-password')));
    const valid = await this.hasher.verify(hash, password);
    if (!user || !valid || !user.state.active) throw new InvalidCredentialsError();
    await attempt.succeeded();
    return this.tokens.issue(user.id, user.tokenGeneration);
  }
}
