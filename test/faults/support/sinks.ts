import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';

/** One message as it reached a sink: who, which delivery, and when (the test's clock, the real one). */
export interface Received {
  deliveryId: string;
  to: string;
  at: number;
}

/** An SMTP server that keeps what it is sent, on a fixed port so it can go away and come back. */
export class SmtpSink {
  readonly received: Received[] = [];
  private server: SMTPServer | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const received = this.received;
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          const messageId = /^Message-ID:\s*<([^@>]+)@kelisim>/im.exec(raw)?.[1] ?? '';
          for (const to of session.envelope.rcptTo) received.push({ deliveryId: messageId, to: to.address, at: Date.now() });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    // A sender killed mid-message resets its connection: that is the scenario, not the sink's failure.
    this.server.on('error', () => undefined);
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** An HTTP endpoint for webhooks that keeps what it is sent; down, it refuses connections. */
export class WebhookSink {
  readonly received: Received[] = [];
  private server: Server | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/kelisim`;
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { deliveryId: string; recipient: { email: string } };
        this.received.push({ deliveryId: parsed.deliveryId, to: parsed.recipient.email, at: Date.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
