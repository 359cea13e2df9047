import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DirectoryQueries } from '@kelisim/directory';
import { newId } from '@kelisim/kernel';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { WebhookEndpoint } from '../../domain/webhook-endpoint.js';
import { Notifier } from '../notifier.js';
import { SetWebhookEndpointCommand, type WebhookEndpointView } from './set-webhook-endpoint.command.js';
import { WebhookTargets } from './webhook-targets.js';

@CommandHandler(SetWebhookEndpointCommand)
export class SetWebhookEndpointHandler implements ICommandHandler<SetWebhookEndpointCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryQueries,
    private readonly targets: WebhookTargets,
    private readonly notifier: Notifier,
  ) {}

  async execute({ actor, organizationId, endpoint }: SetWebhookEndpointCommand): Promise<WebhookEndpointView> {
    // Judged again at every delivery: a name may resolve elsewhere later.
    await this.targets.check(endpoint.url);
    return this.uow.run(actor, async () => {
      await this.directory.organization(organizationId); // 404 for an unknown organization
      const [row] = (await this.uow.query('SELECT * FROM webhook_endpoints WHERE organization_id = $1', [organizationId])) as {
        id: string;
        version: number;
        url: string;
        secret: string;
        active: boolean;
      }[];
      let aggregate: WebhookEndpoint;
      if (row) {
        aggregate = WebhookEndpoint.restore(row.id, row.version, organizationId, row);
        aggregate.set(endpoint);
      } else {
        aggregate = WebhookEndpoint.configure(newId(), organizationId, endpoint);
      }
      await saveAggregateRow(this.uow, 'webhook_endpoints', aggregate, {
        organization_id: organizationId,
        url: aggregate.state.url,
        secret: aggregate.state.secret,
        active: aggregate.state.active,
        updated_at: new Date(),
      });
      this.uow.afterCommit(() => this.notifier.forgetWebhook(organizationId));
      return { organizationId, url: aggregate.state.url, active: aggregate.state.active, revision: aggregate.version };
    });
  }
}
