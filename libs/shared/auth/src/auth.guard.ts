import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@kelisim/kernel';
import { ActorResolver, type AuthenticatedActor } from './actor-resolver.js';
import { AuthenticationRequiredError, RoleRequiredError } from './auth.errors.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators.js';
import { TokenService } from './token.service.js';

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return undefined;
}

/** Authenticates every route but the public ones, then checks the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly actors: ActorResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedActor }>();
    request.user = await this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.some((role) => request.user!.roles.includes(role))) throw new RoleRequiredError(roles);
    return true;
  }

  async authenticate(request: Request): Promise<AuthenticatedActor> {
    const token = bearerToken(request);
    if (!token) throw new AuthenticationRequiredError();
    const subject = this.tokens.verify(token);
    const resolved = subject ? await this.actors.resolve(subject.userId) : null;
    // A token of an earlier generation was issued before the password last changed: revoked.
    if (!resolved || resolved.tokenGeneration !== subject!.generation) {
      throw new AuthenticationRequiredError('The token is invalid, expired or revoked, or its user is inactive.');
    }
    const { tokenGeneration: _, ...actor } = resolved;
    return actor;
  }
}
