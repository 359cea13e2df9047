import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, IsUrl, Length } from 'class-validator';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { uuidParam } from '@kelisim/http';
import { DeactivateWitnessCommand, RegisterWitnessCommand, type WitnessView } from '../application/witnesses/witness.commands.js';
import { WitnessQueries } from '../application/witnesses/witness-queries.js';

export class RegisterWitnessRequest {
  @ApiProperty({ example: 'Prosecutor general’s office' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ['webhook'] }) @IsIn(['webhook']) kind!: 'webhook';
  @ApiProperty({ example: 'https://witness.example.kz/kelisim', description: 'judged by the notification webhooks’ target rules' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  url!: string;
  @ApiProperty({ minLength: 16, description: 'HMAC-SHA256 key: X-Kelisim-Signature: t=<unix>,sha256=HMAC("<t>.<body>")' })
  @IsString()
  @Length(16, 200)
  secret!: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit/witnesses')
export class WitnessesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: WitnessQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: "The journal's witnesses, each with the last checkpoint it acknowledged" })
  list(): Promise<WitnessView[]> {
    return this.queries.list();
  }

  @Post()
  @ApiOperation({ summary: 'Register a webhook witness: every later checkpoint is POSTed to it, signed' })
  register(@CurrentActor() actor: AuthenticatedActor, @Body() body: RegisterWitnessRequest): Promise<WitnessView> {
    return this.commands.execute(new RegisterWitnessCommand(actor, { name: body.name, url: body.url, secret: body.secret }));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop sending checkpoints to a witness (its acknowledgements stay)' })
  deactivate(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<WitnessView> {
    return this.commands.execute(new DeactivateWitnessCommand(actor, id));
  }
}
