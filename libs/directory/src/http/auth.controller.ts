import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AccessToken, type AuthenticatedActor, CurrentActor, Public } from '@kelisim/auth';
import { LogIn } from '../application/log-in/log-in.js';
import { DirectoryQueries } from '../application/queries/directory.queries.js';
import type { UserView } from '../application/directory.views.js';
import { LoginRequest } from './directory.requests.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly logIn: LogIn,
    private readonly queries: DirectoryQueries,
  ) {}

  @Public()
  @Post('auth/login')
  @ApiOperation({ summary: 'Log in' })
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Req() request: Request): Promise<AccessToken> {
    return this.logIn.execute(body.email, body.password, request.ip);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Read own profile' })
  me(@CurrentActor() actor: AuthenticatedActor): Promise<UserView> {
    return this.queries.user(actor.userId);
  }
}
