// NCALayer, the НУЦ РК's signing application, over its local WebSocket (the protocol of
// kz.gov.pki.knca.basics: a greeting with its version, then one request and one answer).
export const NCALAYER_URL = 'wss://127.0.0.1:13579';

/** Keys offered: signing keys (e-mail protection) of an organization's employee (the NCA organization EKU). */
const SIGNING_KEYS = ['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.2'];

/** `kind`: `missing` (no NCALayer answers), `cancelled` (the person closed its window), `refused` (it answered an error). */
export class NcaLayerError extends Error {
  constructor(kind, detail = '') {
    super(detail || kind);
    this.kind = kind;
    this.detail = detail;
  }
}

/** A detached CMS (base64 DER) over the bytes `payloadB64`, made by the key the person picks in NCALayer. */
export function signCms(payloadB64, locale) {
  return new Promise((resolve, reject) => {
    let socket;
    let greeted = false;
    let settled = false;
    const finish = (settle, value) => {
      if (settled) return;
      settled = true;
      socket?.close();
      settle(value);
    };
    try {
      socket = new WebSocket(NCALAYER_URL);
    } catch {
      return reject(new NcaLayerError('missing'));
    }
    socket.onerror = () => finish(reject, new NcaLayerError(greeted ? 'refused' : 'missing'));
    socket.onclose = () => finish(reject, new NcaLayerError(greeted ? 'refused' : 'missing'));
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return finish(reject, new NcaLayerError('refused', 'not JSON'));
      }
      if (!greeted) {
        greeted = true;
        if (!message?.result?.version) return finish(reject, new NcaLayerError('missing'));
        socket.send(
          JSON.stringify({
            module: 'kz.gov.pki.knca.basics',
            method: 'sign',
            args: {
              allowedStorages: null,
              format: 'cms',
              data: payloadB64,
              // Detached, over the decoded bytes, with a timestamp of the НУЦ's TSA.
              signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: {} },
              signerParams: { extKeyUsageOids: SIGNING_KEYS },
              locale,
            },
          }),
        );
        return;
      }
      if (message?.status !== true) return finish(reject, new NcaLayerError('refused', [message?.code, message?.message, message?.details].filter(Boolean).join(': ')));
      if (!message.body || !('result' in message.body)) return finish(reject, new NcaLayerError('cancelled'));
      const result = Array.isArray(message.body.result) ? message.body.result[0] : message.body.result;
      if (typeof result !== 'string' || result.length === 0) return finish(reject, new NcaLayerError('refused', 'no signature'));
      finish(resolve, result.replace(/\s+/g, ''));
    };
  });
}
