import { AggregateRoot, ValidationError } from '@kelisim/kernel';

/** An organization's webhook: where its people's notifications are POSTed, signed with its secret. */
export class WebhookEndpoint extends AggregateRoot {
  readonly streamType = 'webhook_endpoint';

  private constructor(
    id: string,
    version: number,
    readonly organizationId: string,
    private props: { url: string; secret: string; active: boolean },
  ) {
    super(id, version);
  }

  static restore(id: string, version: number, organizationId: string, props: { url: string; secret: string; active: boolean }) {
    return new WebhookEndpoint(id, version, organizationId, props);
  }

  static configure(id: string, organizationId: string, props: { url: string; secret: string; active: boolean }): WebhookEndpoint {
    const endpoint = new WebhookEndpoint(id, 0, organizationId, { url: '', secret: '', active: false });
    endpoint.set(props);
    return endpoint;
  }

  get state() {
    return this.props;
  }

  set(props: { url: string; secret: string; active: boolean }): void {
    const url = new URL(props.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('url', 'url must be http or https');
    if (props.secret.length < 16) throw new ValidationError('secret', 'secret must be at least 16 characters');
    this.props = { ...props };
    // The secret never enters the journal.
    this.record('WebhookEndpointSet', { organizationId: this.organizationId, url: props.url, active: props.active });
  }
}
