/** Port: whether a URL may be a webhook target (resolving its host); throws a 400 naming `url` if not. */
export abstract class WebhookTargets {
  abstract check(url: string): Promise<void>;
}
