import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@kelisim/kernel';
import type { AuthenticatedActor } from './actor-resolver.js';

export const IS_PUBLIC = 'kelisim:public';
export const REQUIRED_ROLES = 'kelisim:roles';

/** No token needed (login, health, metrics, calendar feeds by secret token). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these global roles. Finer checks (party, executor) live in handlers. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedActor => ctx.switchToHttp().getRequest<{ user: AuthenticatedActor }>().user,
);
