import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { thrown, vectors } from '../../testing/transparency-fixtures.js';
import { generateSigningKeyPem, isValidKeyName, NoteSigner, NoteVerifier } from './note-keys.js';
import { openNote, signNote } from './signed-note.js';
import { MalformedNoteError, MalformedVerifierKeyError, NoteNotVerifiedError, NoteSignatureInvalidError, SigningKeyError } from './transparency.errors.js';

interface NoteVectors {
  go: {
    peterVerifierKey: string;
    peterSignerKey: string;
    enochVerifierKey: string;
    badVerifierKeys: string[];
    text: string;
    peterSignatureLine: string;
    enochSignatureLine: string;
  };
  c2sp: { verifierKey: string; note: string };
}

const { go, c2sp } = vectors<NoteVectors>('signed-note.json');
const peter = NoteVerifier.parse(go.peterVerifierKey);
const enoch = NoteVerifier.parse(go.enochVerifierKey);
const signed = (...lines: string[]): string => `${go.text}\n${lines.join('')}`;

/** Go's `PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ seed)` as the PKCS#8 PEM an installation would hold. */
function pemOfGoSignerKey(signerKey: string): string {
  const seed = Buffer.from(signerKey.split('+').slice(4).join('+'), 'base64').subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64')}\n-----END PRIVATE KEY-----\n`;
}

describe('C2SP signed-note keys', () => {
  it('ParseVerifierKey_GoAndC2spKeys_KeepNameKeyIdAndFormatBackIdentically', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId).toBe(0xc74f20a3);
    expect(peter.verifierKey).toBe(go.peterVerifierKey);
    expect(NoteVerifier.parse(c2sp.verifierKey).keyId).toBe(0x530d903a);
    expect(NoteVerifier.fromPublicKey('PeterNeumann', peter.publicKey).verifierKey).toBe(go.peterVerifierKey);
  });

  it('ParseVerifierKey_EveryTruncationOrChangedByteOfGosKey_IsRefusedAsGoRefusesThem', () => {
    const key = go.peterVerifierKey;
    const accepted: string[] = [];
    const attempt = (candidate: string): void => {
      try {
        NoteVerifier.parse(candidate);
        accepted.push(candidate);
      } catch (error) {
        expect(error).toBeInstanceOf(MalformedVerifierKeyError);
      }
    };
    for (let i = 0; i <= key.length; i++) for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) attempt(key.slice(i, j));
    for (let i = 0; i < key.length; i++) attempt(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
    for (const bad of go.badVerifierKeys) attempt(bad);
    expect(accepted).toEqual([]);
  });

  it('SignerFromPem_GosPeterNeumannSeed_HasGosKeyIdAndVerifierKey', () => {
    const signer = NoteSigner.fromPem('PeterNeumann', pemOfGoSignerKey(go.peterSignerKey));
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(signer.verifier.verifierKey).toBe(go.peterVerifierKey);
  });

  it('SignerFromPem_AGeneratedKey_SignsWhatItsVerifierAccepts', () => {
    const signer = NoteSigner.fromPem('kelisim.example/journal', generateSigningKeyPem());
    const verifier = NoteVerifier.parse(signer.verifier.verifierKey);
    const message = Buffer.from('tree head\n');
    expect(verifier.verify(message, signer.sign(message))).toBe(true);
    expect(verifier.verify(Buffer.from('tree head!\n'), signer.sign(message))).toBe(false);
  });

  it('SignerFromPem_NotAnUnencryptedEd25519Pkcs8Key_IsRefusedWithACode', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const ed = generateKeyPairSync('ed25519');
    const publicOnly = ed.publicKey.export({ type: 'spki', format: 'pem' });
    const encrypted = ed.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' });
    for (const pem of [rsa, publicOnly, encrypted, 'not a key', '']) {
      expect(thrown(() => NoteSigner.fromPem('kelisim.example/journal', pem))).toMatchObject({ code: 'TRANSPARENCY.SIGNING_KEY_INVALID' });
    }
    expect(() => NoteSigner.fromPem('two words', generateSigningKeyPem())).toThrow(SigningKeyError);
  });

  it('KeyName_WithASpacePlusOrControlCharacter_IsNotValid', () => {
    expect(isValidKeyName('kelisim.example/journal')).toBe(true);
    expect(isValidKeyName('Келісім/журнал')).toBe(true);
    for (const name of ['', 'a b', 'a+b', 'a\tb', 'a\u00a0b', 'a\u0085b', 'a\u3000b', 'a\u2028b', 'a\u0001b', 'a\ud800b']) {
      expect(isValidKeyName(name)).toBe(false);
    }
  });
});

describe('C2SP signed notes', () => {
  it('SignNote_GosPeterNeumannKey_ProducesGosSignedNoteByteForByte', () => {
    const signer = NoteSigner.fromPem('PeterNeumann', pemOfGoSignerKey(go.peterSignerKey));
    expect(signNote(go.text, signer)).toBe(signed(go.peterSignatureLine));
  });

  it('OpenNote_C2spExample_IsVerifiedByTheSpecsVerifierKey', () => {
    const opened = openNote(c2sp.note, [NoteVerifier.parse(c2sp.verifierKey)]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verified.map((s) => s.name)).toEqual(['example.com/foo']);
  });

  it('OpenNote_SignedByAKnownAndAnUnknownKey_VerifiesOneAndListsTheOther', () => {
    const opened = openNote(signed(go.peterSignatureLine, go.enochSignatureLine), [peter]);
    expect(opened.text).toBe(go.text);
    expect(opened.verified).toEqual([{ name: 'PeterNeumann', keyId: 0xc74f20a3, base64: go.peterSignatureLine.split(' ')[2]!.trim() }]);
    expect(opened.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    expect(openNote(Buffer.from(signed(go.peterSignatureLine, go.enochSignatureLine)), [peter, enoch]).verified).toHaveLength(2);
  });

  it('OpenNote_NoKnownKeySigned_IsNotVerifiedAndNamesWhoSigned', () => {
    const error = thrown(() => openNote(signed(go.peterSignatureLine, go.enochSignatureLine), [NoteVerifier.parse(c2sp.verifierKey)]));
    expect(error).toBeInstanceOf(NoteNotVerifiedError);
    expect((error as NoteNotVerifiedError).unverified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect((error as Error).message).toContain('PeterNeumann+c74f20a3');
  });

  it('OpenNote_SameNameButAnotherKeyId_IsIgnoredAsUnknown', () => {
    // A rotated or foreign key sharing the name must not be checked against ours, nor break the note.
    const rotated = go.peterSignatureLine.replace('x08go', 'AAAAA');
    const opened = openNote(signed(rotated, go.enochSignatureLine), [peter, enoch]);
    expect(opened.verified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['PeterNeumann']);
  });

  it('OpenNote_AKnownKeysSignatureFails_RejectsTheWholeNote', () => {
    const lengthened = go.peterSignatureLine.slice(0, 60) + 'ABCD' + go.peterSignatureLine.slice(60);
    expect(() => openNote(signed(lengthened), [peter])).toThrow(NoteSignatureInvalidError);
    const altered = go.text.replace('problem,', 'problem;') + '\n' + go.peterSignatureLine;
    expect(thrown(() => openNote(altered, [peter]))).toMatchObject({ code: 'TRANSPARENCY.NOTE_SIGNATURE_INVALID', keyName: 'PeterNeumann' });
  });

  it('OpenNote_RepeatedSignatureLines_CountOnceAsGoDoes', () => {
    const enochAltered = go.enochSignatureLine.slice(0, 60) + 'ABCD' + go.enochSignatureLine.slice(60);
    const opened = openNote(signed(go.peterSignatureLine, go.peterSignatureLine, go.enochSignatureLine, go.enochSignatureLine, enochAltered), [peter]);
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(2);
  });

  it('OpenNote_MalformedNotesFromGosTests_AreRefusedAsMalformed', () => {
    const bad = [
      go.text,
      go.text + '\n',
      go.text + '\n' + go.peterSignatureLine.slice(0, -1),
      '\x01' + go.text + '\n' + go.peterSignatureLine,
      go.text.replace('If', 'If\r') + '\n' + go.peterSignatureLine,
      go.text + '\n' + go.peterSignatureLine.replace('PeterNeumann', 'Bad Name'),
      go.text + '\n' + go.peterSignatureLine + 'Unexpected line.\n',
      go.text + '\n' + go.peterSignatureLine.replace('x08go', 'x08g!'),
      go.text + '\n' + '\u2014 PeterNeumann AAAA\n',
      go.text + '\n' + go.peterSignatureLine.repeat(101),
    ];
    for (const note of bad) expect(thrown(() => openNote(note, [peter]))).toBeInstanceOf(MalformedNoteError);
    const invalidUtf8 = Buffer.concat([Buffer.from([0xff]), Buffer.from(signed(go.peterSignatureLine))]);
    expect(thrown(() => openNote(invalidUtf8, [peter]))).toMatchObject({ code: 'TRANSPARENCY.MALFORMED_NOTE', field: 'note' });
  });

  it('SignNote_TextWithoutFinalNewlineOrWithAControlCharacter_IsRefused', () => {
    const signer = NoteSigner.fromPem('kelisim.example/journal', generateSigningKeyPem());
    expect(() => signNote('no newline', signer)).toThrow(MalformedNoteError);
    expect(() => signNote('tab\there\n', signer)).toThrow(MalformedNoteError);
  });
});
