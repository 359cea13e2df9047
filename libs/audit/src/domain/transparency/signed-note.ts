import { decodeBase64, decodeUtf8, noteTextFault } from './encoding.js';
import { isValidKeyName, type NoteSigner, type NoteVerifier } from './note-keys.js';
import { hex8, MalformedNoteError, NoteNotVerifiedError, NoteSignatureInvalidError } from './transparency.errors.js';

/*
 * C2SP signed notes (https://c2sp.org/signed-note): text ending in a newline, a blank line, then
 * one line per signature, `— <key name> <base64(key ID ‖ signature)>`. Opening follows Go's
 * golang.org/x/mod/sumdb/note, the reference the spec grew out of: unknown keys are ignored, a
 * known key's bad signature rejects the note, and at least one known key must have signed.
 */

/** Go's limit; the spec asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(key ID ‖ signature), as on the signature line. */
  readonly base64: string;
}

export interface OpenedNote {
  /** The signed text, ending in a newline (the blank separator line excluded). */
  readonly text: string;
  /** Signatures by the given keys, each checked. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by other keys (witnesses, a rotated key), not checked. */
  readonly unverified: readonly NoteSignature[];
}

/** Signs `text` (ending in a newline) and returns the whole note. */
export function signNote(text: string, signer: NoteSigner): string {
  const fault = noteTextFault(text);
  if (fault) throw new MalformedNoteError(`the text cannot be signed: ${fault}`, 'text');
  if (!text.endsWith('\n')) throw new MalformedNoteError('the text does not end in a newline', 'text');
  const keyId = Buffer.alloc(4);
  keyId.writeUInt32BE(signer.keyId);
  const signature = Buffer.concat([keyId, signer.sign(Buffer.from(text, 'utf8'))]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
}

/**
 * Opens a signed note against the keys trusted. Throws MalformedNoteError for a note that breaks
 * the format, NoteSignatureInvalidError when a trusted key's signature fails, and
 * NoteNotVerifiedError when no trusted key signed it.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[], field = 'note'): OpenedNote {
  const message = typeof note === 'string' ? note : decodeUtf8(note);
  if (message === undefined) throw new MalformedNoteError('it is not valid UTF-8', field);
  const fault = noteTextFault(message);
  if (fault) throw new MalformedNoteError(fault, field);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('it has no blank line before its signatures', field);
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (!block.endsWith('\n')) throw new MalformedNoteError('its signatures do not end in a newline', field);
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNoteError(`it has more than ${MAX_SIGNATURES} signatures`, field);

  const trusted = keyring(verifiers);
  const verified = new Map<string, NoteSignature>();
  const unverified = new Map<string, NoteSignature>();
  const bytes = Buffer.from(text, 'utf8');
  for (const line of lines) {
    const signature = parseSignatureLine(line, field);
    const key = `${signature.name}+${hex8(signature.keyId)}`;
    const verifier = trusted.get(key);
    if (!verifier) {
      if (!unverified.has(line)) unverified.set(line, signature);
      continue;
    }
    if (verified.has(key)) continue;
    if (!verifier.verify(bytes, Buffer.from(signature.base64, 'base64').subarray(4))) {
      throw new NoteSignatureInvalidError(signature.name, signature.keyId, field);
    }
    verified.set(key, signature);
  }
  if (verified.size === 0) throw new NoteNotVerifiedError([...unverified.values()], field);
  return { text, verified: [...verified.values()], unverified: [...unverified.values()] };
}

function parseSignatureLine(line: string, field: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new MalformedNoteError(`a line after the blank line is not a signature: ${JSON.stringify(line.slice(0, 40))}`, field);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const base64 = space < 0 ? '' : rest.slice(space + 1);
  const bytes = decodeBase64(base64);
  if (!isValidKeyName(name)) throw new MalformedNoteError(`the key name ${JSON.stringify(name)} is not valid`, field);
  if (!bytes || bytes.length < 5) throw new MalformedNoteError(`the signature of ${name} is not base64 of a key ID and a signature`, field);
  return { name, keyId: bytes.readUInt32BE(0), base64 };
}

/** Trusted keys by name and key ID. Two different keys under one name and ID cannot both be trusted. */
function keyring(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const ring = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const key = `${verifier.name}+${hex8(verifier.keyId)}`;
    const known = ring.get(key);
    if (known && !known.publicKey.equals(verifier.publicKey)) throw new Error(`Two different trusted keys are both called ${key}.`);
    ring.set(key, verifier);
  }
  return ring;
}
