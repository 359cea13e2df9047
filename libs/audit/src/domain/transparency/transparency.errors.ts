import { ValidationError } from '@kelisim/kernel';

/*
 * Notes, checkpoints and keys can arrive from outside (a witness's copy, an export, a CLI
 * argument), so a malformed one is a validation error naming what was wrong, never a crash.
 * The field defaults to the thing parsed; a caller that took it from a request field passes that.
 * Params feed the kk/ru/en details in http/transparency.problems.ts; `reason` stays technical.
 */

abstract class TransparencyInputError extends ValidationError {
  constructor(field: string, message: string, code: string, params: Record<string, string | number>) {
    super(field, message, code);
    Object.assign(this.params, params);
  }
}

export class MalformedNoteError extends TransparencyInputError {
  constructor(reason: string, field = 'note') {
    super(field, `The signed note is malformed: ${reason}.`, 'TRANSPARENCY.MALFORMED_NOTE', { reason });
  }
}

export class MalformedCheckpointError extends TransparencyInputError {
  constructor(reason: string, field = 'checkpoint') {
    super(field, `The checkpoint is malformed: ${reason}.`, 'TRANSPARENCY.MALFORMED_CHECKPOINT', { reason });
  }
}

export class MalformedVerifierKeyError extends TransparencyInputError {
  constructor(reason: string, field = 'verifierKey') {
    super(field, `The verifier key is malformed: ${reason}.`, 'TRANSPARENCY.MALFORMED_VERIFIER_KEY', { reason });
  }
}

/** A signed note that no known key signed. `unverified` lists whoever did sign it (e.g. another key). */
export class NoteNotVerifiedError extends TransparencyInputError {
  constructor(
    readonly unverified: readonly { name: string; keyId: number }[],
    field = 'note',
  ) {
    const signers = unverified.map((s) => `${s.name}+${hex8(s.keyId)}`).join(', ') || '—';
    super(field, `The note carries no signature by a known key; signed by: ${signers}.`, 'TRANSPARENCY.NOTE_NOT_VERIFIED', { signers });
  }
}

/** A known key's signature that does not verify: the note was altered or the signature forged. */
export class NoteSignatureInvalidError extends TransparencyInputError {
  constructor(
    readonly keyName: string,
    readonly keyId: number,
    field = 'note',
  ) {
    const key = `${keyName}+${hex8(keyId)}`;
    super(field, `The signature of ${key} does not match the note's text.`, 'TRANSPARENCY.NOTE_SIGNATURE_INVALID', { key });
  }
}

/** A proof asked for a size or index the tree cannot have (e.g. a leaf beyond the tree size). */
export class ProofRangeError extends TransparencyInputError {
  constructor(field: string, value: number, allowed: string) {
    super(field, `${field} = ${value} is outside the tree (allowed: ${allowed}).`, 'TRANSPARENCY.PROOF_OUT_OF_RANGE', { value, allowed });
  }
}

/** The installation's signing key cannot be used. A start-up problem, not a request's. */
export class SigningKeyError extends Error {
  readonly code = 'TRANSPARENCY.SIGNING_KEY_INVALID';
  constructor(reason: string) {
    super(`The journal signing key cannot be used: ${reason}.`);
    this.name = new.target.name;
  }
}

export const hex8 = (id: number): string => id.toString(16).padStart(8, '0');
