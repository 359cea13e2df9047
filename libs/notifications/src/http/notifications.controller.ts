import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { PageRequest, pageLimit, uuidParam } from '@kelisim/http';
import type { Page } from '@kelisim/persistence';
import { MarkNotificationReadCommand } from '../application/mark-read/mark-notification-read.command.js';
import { type DeliveryView, NotificationQueries, type NotificationView } from '../application/notification.queries.js';
import { SetWebhookEndpointCommand, type WebhookEndpointView } from '../application/set-webhook/set-webhook-endpoint.command.js';
import { NOTIFICATION_TYPES } from '../domain/templates.js';

export class InboxRequest extends PageRequest {
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) unread?: 'true' | 'false';
  @ApiPropertyOptional({ enum: NOTIFICATION_TYPES }) @IsOptional() @IsIn(NOTIFICATION_TYPES) type?: string;
}

export class DeliveriesRequest extends PageRequest {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] }) @IsOptional() @IsIn(['pending', 'delivered', 'failed']) state?: string;
  @ApiPropertyOptional({ enum: ['email', 'webhook'] }) @IsOptional() @IsIn(['email', 'webhook']) channel?: string;
}

export class WebhookEndpointRequest {
  @ApiProperty({ example: 'https://hooks.example.kz/kelisim' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  url: string;
  @ApiProperty({ minLength: 16, description: 'HMAC-SHA256 key; the signature is sent as X-Kelisim-Signature: sha256=<hex>' })
  @IsString()
  @Length(16, 200)
  secret: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: NotificationQueries,
  ) {}

  @Get('me/notifications')
  @ApiOperation({ summary: 'List own notifications' })
  inbox(@CurrentActor() actor: AuthenticatedActor, @Query() query: InboxRequest): Promise<Page<NotificationView>> {
    return this.queries.inbox(actor.userId, { unread: query.unread === 'true', type: query.type, cursor: query.cursor, limit: pageLimit(query) });
  }

  @Post('me/notifications/:id/read')
  @ApiOperation({ summary: 'Mark a notification read' })
  @HttpCode(200)
  read(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<{ id: string; readAt: string }> {
    return this.commands.execute(new MarkNotificationReadCommand(actor, id));
  }

  @Roles('admin')
  @Get('admin/deliveries')
  @ApiOperation({ summary: 'List deliveries' })
  deliveries(@Query() query: DeliveriesRequest): Promise<Page<DeliveryView>> {
    return this.queries.deliveries({ ...query, limit: pageLimit(query) });
  }

  @Roles('admin')
  @Put('admin/webhooks/:organizationId')
  @ApiOperation({ summary: 'Set an organization\'s webhook' })
  setWebhook(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('organizationId', uuidParam('organizationId')) organizationId: string,
    @Body() body: WebhookEndpointRequest,
  ): Promise<WebhookEndpointView> {
    return this.commands.execute(new SetWebhookEndpointCommand(actor, organizationId, { url: body.url, secret: body.secret, active: body.active ?? true }));
  }
}
