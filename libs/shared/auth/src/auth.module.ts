import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard.js';
import { LOGIN_LIMITS, type LoginLimits, LoginThrottle } from './login-throttle.js';
import { TokenService } from './token.service.js';

export interface AuthOptions {
  jwtSecret: string;
  jwtTtlSeconds: number;
  loginLimits: LoginLimits;
}

@Global()
@Module({})
export class AuthModule {
  /** `actors`: the module that provides the ActorResolver (the directory's; libs/shared imports no context). */
  static forRoot(options: AuthOptions, actors: NonNullable<DynamicModule['imports']>[number]): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        actors,
        JwtModule.register({
          // A KeyObject, made once: given a string, jsonwebtoken first tries it as a public key on every
          // call (and throws), which cost a fifth of a request's CPU.
          secret: createSecretKey(Buffer.from(options.jwtSecret, 'utf8')) as unknown as string,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      providers: [
        { provide: TokenService, useFactory: (jwt: JwtService) => new TokenService(jwt, options.jwtTtlSeconds), inject: [JwtService] },
        { provide: LOGIN_LIMITS, useValue: options.loginLimits },
        LoginThrottle,
        AuthGuard,
      ],
      exports: [TokenService, LoginThrottle, AuthGuard],
    };
  }
}
