import { createHmac } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import ical from 'ical-generator';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';

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
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    const attachments = message.dueAt
      ? [{ filename: 'deadline.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: deadlineEvent(message) }]
      : [];
    await this.transport.sendMail({
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
    digest: { deliveryId: string; title: string; items: { title: string; body: string }[]; recipient: OutgoingMessage['recipient'] },
    to: string,
  ): Promise<void> {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: `"${digest.recipient.fullName.replace(/"/g, '')}" <${to}>`,
      subject: digest.title,
      text: `${digest.items.map((i) => `• ${i.title}\n  ${i.body}`).join('\n\n')}\n\n${this.config.publicUrl}`,
      html: `<ul>${digest.items.map((i) => `<li><strong>${escapeHtml(i.title)}</strong><br>${escapeHtml(i.body)}</li>`).join('')}</ul>`,
      messageId: `<${digest.deliveryId}@kelisim>`,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
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

/** `sha256=<hex HMAC-SHA256 of the raw body>` with the organization's secret. */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Signed webhooks: POSTs the notification as JSON; anything but 2xx is a failure to retry. */
@Injectable()
export class WebhookChannel {
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
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Kelisim-Delivery': message.deliveryId,
        'X-Kelisim-Timestamp': new Date().toISOString(),
        [SIGNATURE_HEADER]: signWebhook(body, secret),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
