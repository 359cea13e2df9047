import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { addTimestamp, signCms, type SignerName, type TestPki } from './eds-pki.js';

/** What the stand-in does with the next `sign`: sign with a key of the test PKI, or answer as NCALayer does when the person cancels or it fails. */
export type NcaLayerBehaviour = { sign: SignerName } | 'cancel' | 'refuse';

/**
 * A stand-in for NCALayer in browser tests: a WebSocket over TLS (the test PKI's 127.0.0.1
 * certificate) speaking kz.gov.pki.knca.basics — the greeting `{result: {version}}`, then `sign`
 * answered `{status: true, body: {result: [cms]}}`, `{status: true, body: {}}` when cancelled, or
 * `{status: false, code, message, details}` — and signing with `openssl cms -sign` (plus a timestamp
 * of the test TSA when a TSA profile is asked, as NCALayer does).
 *
 * Chromium reaches it at the console's real address, wss://127.0.0.1:13579: `chromiumArgs` maps that
 * address to the stand-in's port and trusts its certificate's key only.
 */
export class NcaLayerStandIn {
  readonly requests: Record<string, unknown>[] = [];
  behaviour: NcaLayerBehaviour = 'cancel';
  private server: Server | null = null;
  private sockets: WebSocketServer | null = null;

  private constructor(
    private readonly pki: TestPki,
    readonly port: number,
  ) {}

  /** Reserves a free port; the stand-in answers there once `start()`ed (before that: "NCALayer is not running"). */
  static async reserve(pki: TestPki): Promise<NcaLayerStandIn> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new NcaLayerStandIn(pki, port);
  }

  chromiumArgs(): string[] {
    const spki = new X509Certificate(readFileSync(this.pki.path(this.pki.server.cert))).publicKey.export({ type: 'spki', format: 'der' });
    return [`--host-resolver-rules=MAP 127.0.0.1:13579 127.0.0.1:${this.port}`, `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`];
  }

  async start(): Promise<void> {
    this.server = createServer({ cert: readFileSync(this.pki.path(this.pki.server.cert)), key: readFileSync(this.pki.path(this.pki.server.key)) });
    this.sockets = new WebSocketServer({ server: this.server });
    this.sockets.on('connection', (socket) => {
      socket.send(JSON.stringify({ result: { version: '1.4' } }));
      socket.on('message', (data) => {
        void this.answer(JSON.parse(String(data)) as Record<string, unknown>).then((reply) => socket.send(JSON.stringify(reply)));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const client of this.sockets?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.sockets ? this.sockets.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async answer(request: Record<string, unknown>): Promise<object> {
    this.requests.push(request);
    const args = request.args as { format?: string; data?: string; signingParams?: { encapsulate?: boolean; tsaProfile?: object } } | undefined;
    if (request.module !== 'kz.gov.pki.knca.basics' || request.method !== 'sign' || args?.format !== 'cms' || typeof args.data !== 'string') {
      return { status: false, code: 'UNSUPPORTED', message: 'not a basics sign request', details: JSON.stringify(request).slice(0, 200) };
    }
    if (this.behaviour === 'cancel') return { status: true, body: {} };
    if (this.behaviour === 'refuse') return { status: false, code: '500', message: 'Kalkan error', details: 'KalkanCryptCOM: the token is locked' };
    let cms = await signCms(this.pki, Buffer.from(args.data, 'base64'), this.behaviour.sign);
    if (args.signingParams?.tsaProfile) cms = await addTimestamp(this.pki, cms);
    return { status: true, body: { result: [cms.toString('base64')] } };
  }
}
