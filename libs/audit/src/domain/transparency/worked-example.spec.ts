import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../testing/transparency-fixtures.js';
import { signCheckpoint } from './checkpoint.js';
import { leafHash } from './merkle.js';
import { NoteSigner } from './note-keys.js';
import { consistencyProof, inclusionProof } from './proofs.js';

/** docs/journal.md's worked example, recomputed: the docs must say what the code does. */
const docs = readFileSync(new URL('../../../../../docs/journal.md', import.meta.url), 'utf8');
const RFC8032_TEST1_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const b64 = (hashes: readonly Buffer[]): string => `[${hashes.map((h) => h.toString('base64')).join(', ')}]`;

describe('docs/journal.md worked example', () => {
  it('WorkedExample_RecomputedByTheLibrary_IsWhatTheDocsShow', async () => {
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(RFC8032_TEST1_SECRET, 'hex')]);
    const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    const signer = NoteSigner.fromPem('kelisim.example/journal', pem);
    const events = ['event 0', 'event 1', 'event 2'].map((text) => createHash('sha256').update(text).digest());
    const tree = new MemoryTree(events.map(leafHash));
    const note = signCheckpoint({ origin: 'kelisim.example/journal', treeSize: 3, rootHash: tree.range.root() }, signer);

    expect(docs).toContain(pkcs8.toString('base64'));
    expect(docs).toContain(`verifier key: ${signer.verifier.verifierKey}`);
    for (const event of events) expect(docs).toContain(leafHash(event).toString('hex'));
    expect(docs).toContain(tree.range.root().toString('hex'));
    expect(docs).toContain('```\n' + note + '```');
    expect(docs).toContain(b64(await inclusionProof(1, 3, tree.read)));
    expect(await consistencyProof(2, 3, tree.read)).toEqual([leafHash(events[2]!)]);
  });
});
