import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

export interface WebhookEndpointView {
  organizationId: string;
  url: string;
  active: boolean;
  revision: number;
}

export class SetWebhookEndpointCommand extends Command<WebhookEndpointView> {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly endpoint: { url: string; secret: string; active: boolean },
  ) {
    super();
  }
}
