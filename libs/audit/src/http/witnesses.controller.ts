import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, IsUrl, IsUUID, Length, ValidateIf } from 'class-validator';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { uuidParam } from '@kelisim/http';
import { DeactivateWitnessCommand, RegisterWitnessCommand, type WitnessView } from '../application/witnesses/witness.commands.js';
import { WitnessQueries } from '../application/witnesses/witness-queries.js';

export class RegisterWitnessRequest {
  @ApiProperty({ example: 'Prosecutor general’s office' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ['webhook', 'email'], description: 'webhook: every checkpoint POSTed, signed; email: the daily digest of userId carries the latest checkpoint' })
  @IsIn(['webhook', 'email'])
  kind!: 'webhook' | 'email';
  @ApiProperty({ required: false, example: 'https://witness.example.kz/kelisim', description: 'kind webhook: judged by the notification webhooks’ target rules' })
  @ValidateIf((o: RegisterWitnessRequest) => o.kind !== 'email')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  url?: string;
  @ApiProperty({ required: false, minLength: 16, description: 'kind webhook: HMAC-SHA256 key: X-Kelisim-Signature: t=<unix>,sha256=HMAC("<t>.<body>")' })
  @ValidateIf((o: RegisterWitnessRequest) => o.kind !== 'email')
  @IsString()
  @Length(16, 200)
  secret?: string;
  @ApiProperty({ required: false, format: 'uuid', description: 'kind email: an active user with an e-mail address' })
  @ValidateIf((o: RegisterWitnessRequest) => o.kind === 'email')
  @IsUUID()
  userId?: string;
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
  @ApiOperation({ summary: 'Register a witness: a webhook gets every later checkpoint, signed; an e-mail witness gets the latest in its daily digest' })
  register(@CurrentActor() actor: AuthenticatedActor, @Body() body: RegisterWitnessRequest): Promise<WitnessView> {
    const witness = body.kind === 'email' ? { name: body.name, userId: body.userId! } : { name: body.name, url: body.url!, secret: body.secret! };
    return this.commands.execute(new RegisterWitnessCommand(actor, witness));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop sending checkpoints to a witness (its acknowledgements stay)' })
  deactivate(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<WitnessView> {
    return this.commands.execute(new DeactivateWitnessCommand(actor, id));
  }
}
