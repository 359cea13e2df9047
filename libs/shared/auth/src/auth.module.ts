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
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [JwtModule.register({ secret: options.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } })],
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
