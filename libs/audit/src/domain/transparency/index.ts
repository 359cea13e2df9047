// The transparency log's formats and proofs: pure functions over bytes, no I/O, no framework.
export { CompactRange, emptyRoot, frontierNodeIds, HASH_SIZE, leafHash, type NodeId, type NodeSink, nodeHash, rootFromLeaves } from './merkle.js';
export { consistencyProof, inclusionProof, type NodeReader, verifyConsistency, verifyInclusion } from './proofs.js';
export { type Checkpoint, type CheckpointInput, formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
export { type NoteSignature, type OpenedNote, openNote, signNote } from './signed-note.js';
export { ed25519KeyId, generateSigningKeyPem, isValidKeyName, NoteSigner, NoteVerifier } from './note-keys.js';
export {
  MalformedCheckpointError,
  MalformedNoteError,
  MalformedVerifierKeyError,
  NoteNotVerifiedError,
  NoteSignatureInvalidError,
  ProofRangeError,
  SigningKeyError,
} from './transparency.errors.js';
