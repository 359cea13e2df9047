import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { consistencyProof, generateSigningKeyPem, inclusionProof, leafHash, NoteSigner, signCheckpoint } from '@kelisim/audit';
import { MemoryTree } from '../../libs/audit/src/testing/transparency-fixtures.js';

/*
 * Our checkpoints, signed notes, verifier key and proofs, judged by Go's golang.org/x/mod/sumdb
 * (note + tlog) through test/outside/tlogcheck. Debian's golang-go and golang-golang-x-mod-dev
 * must be installed (.ci/run does it): this spec never skips.
 */

const ORIGIN = 'kelisim.example/journal';
const SIZES = [1, 2, 7, 8, 100, 256, 300];
const workDir = mkdtempSync(join(tmpdir(), 'kelisim-tlogcheck-'));
const checker = join(workDir, 'tlogcheck');

interface Verdict {
  ok: boolean;
  error?: string;
}
interface Answer {
  checkpoint: Verdict;
  size: number;
  records?: Verdict;
  inclusion: Verdict[];
  consistency: Verdict[];
}
interface Request {
  verifierKey: string;
  checkpoint: string;
  records?: string[];
  inclusion?: { index: number; record: string; proof: string[] }[];
  consistency?: { checkpoint: string; proof: string[] }[];
}

function check(request: Request): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = execFile(checker, { maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`tlogcheck failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout) as Answer),
    );
    child.stdin!.end(JSON.stringify(request));
  });
}

/** A journal of 300 events, the tree over their hashes, and a signed checkpoint at each of SIZES. */
function journal(signer: NoteSigner, seed = 'event') {
  const events = Array.from({ length: SIZES.at(-1)! }, (_, i) => createHash('sha256').update(`${seed} ${i}`).digest());
  const tree = new MemoryTree();
  const notes = new Map<number, string>();
  for (const event of events) {
    tree.append(leafHash(event));
    if (SIZES.includes(tree.range.size)) {
      notes.set(tree.range.size, signCheckpoint({ origin: ORIGIN, treeSize: tree.range.size, rootHash: tree.range.root() }, signer));
    }
  }
  return { events, tree, notes };
}

const b64 = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('base64'));
const signer = NoteSigner.fromPem(ORIGIN, generateSigningKeyPem());
const log = journal(signer);

describe('outside checker: Go golang.org/x/mod/sumdb note and tlog', () => {
  beforeAll(() => {
    const go = spawnSync('go', ['version'], { encoding: 'utf8' });
    if (go.status !== 0) throw new Error('Go is missing: apt-get install -y golang-go golang-golang-x-mod-dev (.ci/run installs them).');
    const build = spawnSync('go', ['build', '-o', checker, './test/outside/tlogcheck'], {
      encoding: 'utf8',
      env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(tmpdir(), 'kelisim-gocache'), GOFLAGS: '' },
    });
    if (build.status !== 0) throw new Error(`Building the Go checker failed (is golang-golang-x-mod-dev installed?):\n${build.stderr}`);
  }, 180_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('Check_EveryCheckpointWithItsRecordsInclusionAndConsistencyProofs_GoAcceptsThemAll', async () => {
    for (const size of SIZES) {
      const indexes = [...new Set([0, size >> 1, size - 1, Math.min(8, size - 1)])];
      const older = SIZES.filter((s) => s <= size);
      const answer = await check({
        verifierKey: signer.verifier.verifierKey,
        checkpoint: log.notes.get(size)!,
        records: b64(log.events.slice(0, size)),
        inclusion: await Promise.all(
          indexes.map(async (index) => ({ index, record: log.events[index]!.toString('base64'), proof: b64(await inclusionProof(index, size, log.tree.read)) })),
        ),
        consistency: await Promise.all(
          older.map(async (from) => ({ checkpoint: log.notes.get(from)!, proof: b64(await consistencyProof(from, size, log.tree.read)) })),
        ),
      });
      expect(answer).toEqual({
        checkpoint: { ok: true },
        size,
        records: { ok: true },
        inclusion: indexes.map(() => ({ ok: true })),
        consistency: older.map(() => ({ ok: true })),
      });
    }
  });

  it('Check_TamperedProofsRecordsOrAForkedHistory_GoRejectsEachOne', async () => {
    const size = 300;
    const proofOf = async (index: number): Promise<string[]> => b64(await inclusionProof(index, size, log.tree.read));
    const flipped = (proof: string[], at: number): string[] =>
      proof.map((hash, i) => {
        const bytes = Buffer.from(hash, 'base64');
        if (i === at) bytes[0]! ^= 1;
        return bytes.toString('base64');
      });
    const swapped = b64(log.events.slice(0, size));
    [swapped[10], swapped[11]] = [swapped[11]!, swapped[10]!];
    const fork = journal(signer, 'rewritten'); // the same key signs another history
    const answer = await check({
      verifierKey: signer.verifier.verifierKey,
      checkpoint: log.notes.get(size)!,
      records: swapped,
      inclusion: [
        { index: 42, record: log.events[42]!.toString('base64'), proof: await proofOf(42) },
        { index: 42, record: log.events[42]!.toString('base64'), proof: flipped(await proofOf(42), 3) },
        { index: 43, record: log.events[42]!.toString('base64'), proof: await proofOf(42) },
        { index: 42, record: log.events[41]!.toString('base64'), proof: await proofOf(42) },
        { index: 42, record: log.events[42]!.toString('base64'), proof: (await proofOf(42)).slice(0, -1) },
      ],
      consistency: [
        { checkpoint: log.notes.get(100)!, proof: b64(await consistencyProof(100, size, log.tree.read)) },
        { checkpoint: log.notes.get(100)!, proof: b64(await consistencyProof(100, size, log.tree.read)).slice(1) },
        { checkpoint: log.notes.get(100)!, proof: b64(await consistencyProof(101, size, log.tree.read)) },
        { checkpoint: fork.notes.get(100)!, proof: b64(await consistencyProof(100, size, log.tree.read)) },
      ],
    });
    expect(answer.checkpoint).toEqual({ ok: true });
    expect(answer.records).toMatchObject({ ok: false });
    expect(answer.inclusion.map((v) => v.ok)).toEqual([true, false, false, false, false]);
    expect(answer.consistency.map((v) => v.ok)).toEqual([true, false, false, false]);
  });

  it('Check_ACheckpointAlteredOrResignedWithAnotherKey_GoRejectsTheNote', async () => {
    const note = log.notes.get(256)!;
    const altered = note.replace('\n256\n', '\n257\n');
    const impostor = NoteSigner.fromPem(ORIGIN, generateSigningKeyPem());
    const resigned = signCheckpoint({ origin: ORIGIN, treeSize: 256, rootHash: Buffer.alloc(32, 7) }, impostor);
    const id = signer.verifier.verifierKey.split('+')[1]!;
    const wrongKeyId = signer.verifier.verifierKey.replace(`+${id}+`, `+${id.slice(0, 7)}${id.endsWith('0') ? '1' : '0'}+`);
    const verdicts = await Promise.all([
      check({ verifierKey: signer.verifier.verifierKey, checkpoint: altered }),
      check({ verifierKey: signer.verifier.verifierKey, checkpoint: resigned }),
      check({ verifierKey: wrongKeyId, checkpoint: note }),
      check({ verifierKey: signer.verifier.verifierKey, checkpoint: note }),
    ]);
    expect(verdicts.map((v) => v.checkpoint)).toEqual([
      { ok: false, error: expect.stringMatching(/invalid signature/) },
      { ok: false, error: 'note has no verifiable signatures' },
      { ok: false, error: 'invalid verifier hash' },
      { ok: true },
    ]);
  });
});
