import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const run = promisify(execFile);
const SCRIPT = resolve('test/pki/make-test-pki.sh');

export type SignerName = 'akim' | 'chief' | 'deputy' | 'expired' | 'auth' | 'individual' | 'wrong-bin' | 'wrong-iin' | 'other-ca' | 'gost';

interface Manifest {
  ca: string;
  otherCa: string;
  tsa: { cert: string; key: string };
  server: { cert: string; key: string };
  organizations: Record<'akimat' | 'police', { name: string; bin: string }>;
  people: Record<'akim' | 'chief' | 'deputy' | 'stranger', string>;
  otherBin: string;
  signers: Record<SignerName, { cert: string; key: string; iin: string; bin: string | null; gost?: boolean }>;
}

/** The openssl test PKI of test/pki/make-test-pki.sh, made in a temporary folder; paths are absolute. */
export interface TestPki extends Manifest {
  dir: string;
  path(relative: string): string;
  remove(): Promise<void>;
}

export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'kelisim-pki-'));
  await run('bash', [SCRIPT, dir]);
  const manifest = JSON.parse(await readFile(join(dir, 'pki.json'), 'utf8')) as Manifest;
  return { ...manifest, dir, path: (relative) => join(dir, relative), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * `openssl cms -sign -binary -md sha256 -outform DER`: a detached CMS over `payload` by `signers`
 * (one, or several for a CMS with more than one signer). The `gost` signer's CMS has its RSA OIDs
 * rewritten as GOST 34.310 ones by the PKI script.
 */
export async function signCms(pki: TestPki, payload: Uint8Array, ...signers: SignerName[]): Promise<Buffer> {
  const work = await mkdtemp(join(tmpdir(), 'kelisim-cms-'));
  try {
    await writeFile(join(work, 'payload'), payload);
    const signerArgs = signers.flatMap((name) => ['-signer', pki.path(pki.signers[name].cert), '-inkey', pki.path(pki.signers[name].key)]);
    await run('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-outform', 'DER', ...signerArgs, '-in', join(work, 'payload'), '-out', join(work, 'cms.der')]);
    if (signers.some((name) => pki.signers[name].gost)) {
      await run('bash', [SCRIPT, 'gostify', join(work, 'cms.der'), join(work, 'gost.der')]);
      return await readFile(join(work, 'gost.der'));
    }
    return await readFile(join(work, 'cms.der'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Adds an RFC 3161 timestamp of the test TSA (`openssl ts -reply`) to the CMS's signer, as NCALayer
 * does with a TSA profile. `over`: the bytes to timestamp instead of the signature value (a token
 * grafted from another signature).
 */
export async function addTimestamp(pki: TestPki, cms: Uint8Array, over?: Uint8Array): Promise<Buffer> {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(cms).result });
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signer = signedData.signerInfos[0];
  const work = await mkdtemp(join(tmpdir(), 'kelisim-tsp-'));
  try {
    await writeFile(join(work, 'signature'), over ?? new Uint8Array(signer.signature.valueBlock.valueHexView));
    await run('openssl', ['ts', '-query', '-data', join(work, 'signature'), '-sha256', '-cert', '-out', join(work, 'query.tsq')]);
    await run('openssl', ['ts', '-reply', '-config', pki.path('openssl.cnf'), '-queryfile', join(work, 'query.tsq'), '-token_out', '-out', join(work, 'token.der')], {
      cwd: pki.dir,
      env: { ...process.env, CA_NAME: 'ca' },
    });
    const token = asn1js.fromBER(await readFile(join(work, 'token.der'))).result;
    signer.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [token] })],
    });
    const out = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signedData.toSchema(true) });
    return Buffer.from(out.toSchema().toBER());
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `openssl cms -verify -binary -content … -inform DER -in … -CAfile …`: exit 0 and its output, or the failure. */
export async function opensslVerifies(p7s: string, content: string, caFile: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stderr } = await run('openssl', ['cms', '-verify', '-binary', '-content', content, '-inform', 'DER', '-in', p7s, '-CAfile', caFile, '-out', '/dev/null']);
    return { ok: true, output: stderr };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}
