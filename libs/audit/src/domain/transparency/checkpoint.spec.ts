import { describe, expect, it } from '@jest/globals';
import { thrown, vectors } from '../../testing/transparency-fixtures.js';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import { leafHash } from './merkle.js';
import { generateSigningKeyPem, NoteSigner, NoteVerifier } from './note-keys.js';
import { signNote } from './signed-note.js';
import { MalformedCheckpointError, NoteNotVerifiedError, NoteSignatureInvalidError } from './transparency.errors.js';

const { c2sp } = vectors<{ c2sp: { checkpoint: string } }>('signed-note.json');
const root = leafHash(Buffer.from('a root'));
const origin = 'kelisim.example/journal';
const signer = NoteSigner.fromPem(origin, generateSigningKeyPem());

describe('C2SP tlog-checkpoint', () => {
  it('Parse_TheSpecsExampleBody_GivesOriginSizeAndRoot', () => {
    const body = c2sp.checkpoint.slice(0, c2sp.checkpoint.indexOf('\n\n') + 1);
    const checkpoint = parseCheckpoint(body);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.treeSize).toBe(20852163);
    expect(checkpoint.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(body);
  });

  it('Open_TheSpecsExampleWithoutItsKey_IsNotVerifiedAndNamesTheLogsKey', () => {
    const error = thrown(() => openCheckpoint(c2sp.checkpoint, [signer.verifier]));
    expect(error).toBeInstanceOf(NoteNotVerifiedError);
    expect((error as NoteNotVerifiedError).unverified).toEqual([expect.objectContaining({ name: 'example.com/behind-the-sofa', keyId: 0x033de0ae })]);
  });

  it('Format_ATreeHead_WritesOriginSizeBase64RootAndExtensions', () => {
    expect(formatCheckpoint({ origin, treeSize: 0, rootHash: root })).toBe(`${origin}\n0\n${root.toString('base64')}\n`);
    const text = formatCheckpoint({ origin, treeSize: 1234, rootHash: root, extensions: ['ext one', 'ext two'] });
    expect(text).toBe(`${origin}\n1234\n${root.toString('base64')}\next one\next two\n`);
    expect(parseCheckpoint(text)).toEqual({ origin, treeSize: 1234, rootHash: root, extensions: ['ext one', 'ext two'] });
  });

  it('Format_AnythingThatWouldNotReadBack_IsRefused', () => {
    const bad = [
      { origin: '', treeSize: 1, rootHash: root },
      { origin: 'two\nlines', treeSize: 1, rootHash: root },
      { origin, treeSize: -1, rootHash: root },
      { origin, treeSize: 1.5, rootHash: root },
      { origin, treeSize: 1, rootHash: root.subarray(1) },
      { origin, treeSize: 1, rootHash: root, extensions: [''] },
      { origin, treeSize: 1, rootHash: root, extensions: ['tab\t'] },
    ];
    for (const checkpoint of bad) expect(() => formatCheckpoint(checkpoint)).toThrow(MalformedCheckpointError);
  });

  it('Parse_AnyOtherSpellingOrAMissingPart_IsRefused', () => {
    const b64 = root.toString('base64');
    const bad = [
      `${origin}\n12\n${b64}`, // no final newline
      `${origin}\n12\n`, // no root
      `\n12\n${b64}\n`, // empty origin
      `${origin}\n012\n${b64}\n`, // leading zero
      `${origin}\n+12\n${b64}\n`,
      `${origin}\n-1\n${b64}\n`,
      `${origin}\n 12\n${b64}\n`,
      `${origin}\n1e3\n${b64}\n`,
      `${origin}\n9007199254740992\n${b64}\n`, // beyond 2^53 - 1
      `${origin}\n12\n${b64.slice(0, -1)}\n`, // unpadded
      `${origin}\n12\n${b64.replace(/.=$/, 'B=')}\n`, // non-zero trailing bits
      `${origin}\n12\n${Buffer.alloc(31).toString('base64')}\n`, // 31 bytes
      `${origin}\n12\n${b64}\n\n`, // empty extension line
      `${origin}\r\n12\n${b64}\n`,
    ];
    for (const text of bad) expect(thrown(() => parseCheckpoint(text))).toMatchObject({ code: 'TRANSPARENCY.MALFORMED_CHECKPOINT', field: 'checkpoint' });
    expect(parseCheckpoint(`${origin}\n9007199254740991\n${b64}\n`).treeSize).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('SignAndOpen_OurCheckpoint_RoundTripsAndRefusesAnAlteredSize', () => {
    const note = signCheckpoint({ origin, treeSize: 42, rootHash: root }, signer);
    const verifier = NoteVerifier.parse(signer.verifier.verifierKey);
    const { checkpoint, note: opened } = openCheckpoint(note, [verifier]);
    expect(checkpoint).toEqual({ origin, treeSize: 42, rootHash: root, extensions: [] });
    expect(opened.verified.map((s) => s.name)).toEqual([origin]);
    expect(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), [verifier])).toThrow(NoteSignatureInvalidError);
  });

  it('Open_AValidlySignedNoteWhoseBodyIsNoCheckpoint_IsAMalformedCheckpoint', () => {
    expect(() => openCheckpoint(signNote('just a message\n', signer), [signer.verifier])).toThrow(MalformedCheckpointError);
  });
});
