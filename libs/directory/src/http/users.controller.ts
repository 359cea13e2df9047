import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { ForbiddenError, hasRole } from '@kelisim/kernel';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { ChangePasswordCommand } from '../application/change-password/change-password.command.js';
import type { UserView } from '../application/directory.views.js';
import { DirectoryQueries } from '../application/queries/directory.queries.js';
import { RegisterUserCommand } from '../application/register-user/register-user.command.js';
import { UpdateUserCommand } from '../application/update-user/update-user.command.js';
import { ChangePasswordRequest, CreateUserRequest, ListUsersRequest, UpdateUserRequest } from './directory.requests.js';

const SELF_EDITABLE = new Set(['fullName', 'locale', 'timezone', 'emailDigest']);

/** The IIN is personal data: only admins and the person see it. */
function shown(actor: AuthenticatedActor, user: UserView): UserView {
  if (hasRole(actor, 'admin') || actor.userId === user.id) return user;
  const { iin: _personal, ...rest } = user;
  return rest;
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: DirectoryQueries,
  ) {}

  @Roles('admin')
  @Post('users')
  @ApiOperation({ summary: 'Create a user' })
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateUserRequest): Promise<UserView> {
    return this.commands.execute(new RegisterUserCommand(actor, body));
  }

  @Get('users')
  @ApiOperation({ summary: 'List users' })
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListUsersRequest): Promise<Page<UserView>> {
    const active = query.active === undefined ? undefined : query.active === 'true';
    const page = await this.queries.users({ ...query, active, limit: pageLimit(query) });
    return { ...page, items: page.items.map((user) => shown(actor, user)) };
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'Read a user' })
  async get(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<UserView> {
    return shown(actor, await this.queries.user(id));
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Change a user' })
  async update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateUserRequest,
    @IfMatch() revision?: number,
  ): Promise<UserView> {
    if (!hasRole(actor, 'admin')) {
      const forbidden = Object.keys(body).filter((field) => !SELF_EDITABLE.has(field));
      if (actor.userId !== id || forbidden.length > 0) {
        throw new ForbiddenError('USER.ADMIN_ONLY_FIELDS', `Only an admin may change ${forbidden.join(', ') || 'another user'}.`);
      }
    }
    const { password, ...changes } = body;
    return this.commands.execute(new UpdateUserCommand(actor, id, changes, revision, password));
  }

  @Post('me/password')
  @ApiOperation({ summary: 'Change own password' })
  @HttpCode(200)
  changeOwnPassword(@CurrentActor() actor: AuthenticatedActor, @Body() body: ChangePasswordRequest, @Req() request: Request): Promise<UserView> {
    return this.commands.execute(new ChangePasswordCommand(actor, body.newPassword, body.currentPassword, request.ip));
  }
}
