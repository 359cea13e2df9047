import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import ical from 'ical-generator';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { ValidationError } from '@kelisim/kernel';
import { DnsWebhookTargets, type ResolvedTarget } from './webhooks/webhook-targets.js';

export interface OutgoingMessage {
  deliveryId: string;
  notificationId: string;
  type: string;
  subject: { type: string; id: string };
  title: string;
  body: string;
  dueAt: Date | null;
  createdAt: Date;
  recipient: { id: string; fullName: string; email: string; locale: string };
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** E-mail over SMTP: text and HTML, with an .ics of the deadline when there is one. */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(message: OutgoingMessage, to: string): Promise<void> {
    const transport = this.transporter();
    const attachments = message.dueAt
      ? [{ filename: 'deadline.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: deadlineEvent(message) }]
      : [];
    await transport.sendMail({
      from: this.config.mailFrom,
      to: `"${message.recipient.fullName.replace(/"/g, '')}" <${to}>`,
      subject: message.title,
      text: `${message.body}\n\n${this.config.publicUrl}`,
      html: `<p>${escapeHtml(message.body)}</p><p><a href="${escapeHtml(this.config.publicUrl)}">Kelisim</a></p>`,
      // The same delivery always has the same Message-ID, so a resend after a crash can be recognised.
      messageId: `<${message.deliveryId}@kelisim>`,
      attachments,
    });
  }

  /** One e-mail with every notification of the day, newest last. */
  async sendDigest(
    digest: {
      deliveryId: string;
      title: string;
      items: { title: string; body: string }[];
      recipient: OutgoingMessage['recipient'];
      /** Enclosed verbatim after the items (the journal's signed checkpoint for its e-mail witnesses). */
      enclosure?: { heading: string; text: string } | null;
    },
    to: string,
  ): Promise<void> {
    const enclosure = digest.enclosure;
    await this.transporter().sendMail({
      from: this.config.mailFrom,
      to: `"${digest.recipient.fullName.replace(/"/g, '')}" <${to}>`,
      subject: digest.title,
      text: [
        digest.items.map((i) => `• ${i.title}\n  ${i.body}`).join('\n\n'),
        enclosure ? `${enclosure.heading}\n\n${enclosure.text}` : '',
        this.config.publicUrl,
      ]
        .filter((part) => part !== '')
        .join('\n\n'),
      html:
        (digest.items.length > 0 ? `<ul>${digest.items.map((i) => `<li><strong>${escapeHtml(i.title)}</strong><br>${escapeHtml(i.body)}</li>`).join('')}</ul>` : '') +
        (enclosure ? `<h3>${escapeHtml(enclosure.heading)}</h3><pre>${escapeHtml(enclosure.text)}</pre>` : ''),
      messageId: `<${digest.deliveryId}@kelisim>`,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  /**
   * Bounded waits (nodemailer's defaults are 2 min to connect and 10 min of silence): a send ends
   * well within the lease the delivery processor holds on its row.
   */
  private transporter(): Transporter {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    this.transport ??= nodemailer.createTransport({ url: this.config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    return this.transport;
  }
}

function deadlineEvent(message: OutgoingMessage): string {
  const calendar = ical({ name: 'Kelisim', prodId: { company: 'Kelisim', product: 'kelisim', language: message.recipient.locale.toUpperCase() } });
  calendar.createEvent({
    id: `${message.subject.type}-${message.subject.id}@kelisim`,
    start: message.dueAt!,
    end: message.dueAt!,
    summary: message.title,
    description: message.body,
  });
  return calendar.toString();
}

export const SIGNATURE_HEADER = 'X-Kelisim-Signature';
export const TIMESTAMP_HEADER = 'X-Kelisim-Timestamp';

/**
 * `t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<raw body>">` with the organization's secret:
 * the timestamp is signed with the body, so a receiver can refuse a replay older than a few minutes.
 */
export function signWebhook(body: string, secret: string, timestamp: number): string {
  return `t=${timestamp},sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a failed webhook delivery records: a code, never an address, a port or a system error's text. */
export class WebhookFailedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const CONNECT_TIMEOUT_MS = 5_000;
const TOTAL_TIMEOUT_MS = 10_000;

/**
 * Signed webhooks: POSTs the notification as JSON to the address its target was resolved to and
 * judged by (the connection is pinned to it: no second DNS answer between check and connect), with
 * the URL's host for TLS and Host; redirects are not followed (a 3xx is a failure); anything but
 * 2xx is a failure to retry.
 */
@Injectable()
export class WebhookChannel {
  constructor(private readonly targets: DnsWebhookTargets) {}

  async send(message: OutgoingMessage, url: string, secret: string): Promise<void> {
    const body = JSON.stringify({
      id: message.notificationId,
      deliveryId: message.deliveryId,
      type: message.type,
      subject: message.subject,
      title: message.title,
      body: message.body,
      dueAt: message.dueAt?.toISOString() ?? null,
      createdAt: message.createdAt.toISOString(),
      recipient: { id: message.recipient.id, fullName: message.recipient.fullName, email: message.recipient.email },
    });
    await this.post(url, body, message.deliveryId, secret);
  }

  /**
   * POSTs a JSON body signed with `secret` to a target judged now (other contexts' signed webhooks,
   * e.g. the journal's witnesses, go through here); throws WebhookFailedError unless 2xx.
   */
  async post(url: string, body: string, deliveryId: string, secret: string): Promise<void> {
    let target: ResolvedTarget;
    try {
      target = await this.targets.resolve(url);
    } catch (error) {
      throw new WebhookFailedError(error instanceof ValidationError ? error.code : 'WEBHOOK.URL_REFUSED');
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const status = await post(target, body, {
      'Content-Type': 'application/json',
      'X-Kelisim-Delivery': deliveryId,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(body, secret, timestamp),
    });
    if (status < 200 || status > 299) throw new WebhookFailedError(`webhook answered ${status}`);
  }
}

function post(target: ResolvedTarget, body: string, headers: Record<string, string>): Promise<number> {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(target.url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      // The address judged, not a second DNS answer.
      lookup: (_host, options, callback) =>
        (options as { all?: boolean }).all
          ? (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }])
          : callback(null, target.address, target.family),
      signal: AbortSignal.timeout(TOTAL_TIMEOUT_MS),
    });
    const connecting = setTimeout(() => request.destroy(new WebhookFailedError('WEBHOOK.CONNECT_TIMEOUT')), CONNECT_TIMEOUT_MS);
    request.on('socket', (socket) => {
      // A kept-alive socket (Node's global agent keeps them) is connected already: waiting for its
      // 'connect' would leave a listener on it per request.
      if (!socket.connecting) clearTimeout(connecting);
      else socket.once(target.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connecting));
    });
    request.on('response', (response) => {
      clearTimeout(connecting);
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => reject(new WebhookFailedError('WEBHOOK.UNREACHABLE')));
    });
    request.on('error', (error) => {
      clearTimeout(connecting);
      if (error instanceof WebhookFailedError) reject(error);
      else if (error.name === 'AbortError' || error.name === 'TimeoutError') reject(new WebhookFailedError('WEBHOOK.TIMEOUT'));
      else if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_TLS') || /certificate|TLS|SSL/i.test(error.message)) reject(new WebhookFailedError('WEBHOOK.TLS_FAILED'));
      else reject(new WebhookFailedError('WEBHOOK.UNREACHABLE'));
    });
    request.end(body);
  });
}
