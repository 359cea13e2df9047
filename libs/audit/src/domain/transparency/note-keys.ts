import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64, noteTextFault } from './encoding.js';
import { hex8, MalformedVerifierKeyError, SigningKeyError } from './transparency.errors.js';

/*
 * Ed25519 keys of C2SP signed notes (https://c2sp.org/signed-note): a key is known by its name
 * and a 4-byte key ID, and published as a verifier key string
 * `<name>+<hex key ID>+<base64(0x01 ‖ public key)>` that anyone can paste into another tool.
 */

/** The signature type byte of Ed25519 in C2SP signed notes. */
const ED25519 = 0x01;
const ED25519_KEY_SIZE = 32;

/** Key names are non-empty UTF-8 with no Unicode white space (as Go's unicode.IsSpace), '+' or control character. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}+]/u.test(name) && noteTextFault(name) === undefined;
}

/** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] as a big-endian number. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519])).update(publicKey).digest().readUInt32BE(0);
}

/** A public key that checks the signatures of one name and key ID. */
export class NoteVerifier {
  private constructor(
    readonly name: string,
    readonly keyId: number,
    /** The 32-byte Ed25519 public key (RFC 8032 encoding). */
    readonly publicKey: Buffer,
    private readonly key: KeyObject,
  ) {}

  static fromPublicKey(name: string, publicKey: Uint8Array): NoteVerifier {
    if (!isValidKeyName(name)) throw new MalformedVerifierKeyError(`the key name ${JSON.stringify(name)} is empty or has a space or '+'`);
    if (publicKey.length !== ED25519_KEY_SIZE) throw new MalformedVerifierKeyError(`an Ed25519 public key has 32 bytes, not ${publicKey.length}`);
    const raw = Buffer.from(publicKey);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    return new NoteVerifier(name, ed25519KeyId(name, raw), raw, key);
  }

  /** Parses `<name>+<hex key ID>+<base64(0x01 ‖ key)>`, checking the key ID against the key. */
  static parse(verifierKey: string): NoteVerifier {
    const plus = verifierKey.indexOf('+');
    const second = plus < 0 ? -1 : verifierKey.indexOf('+', plus + 1);
    if (second < 0) throw new MalformedVerifierKeyError("it is not '<name>+<key ID>+<key>'");
    const [name, id, encoded] = [verifierKey.slice(0, plus), verifierKey.slice(plus + 1, second), verifierKey.slice(second + 1)];
    if (!isValidKeyName(name)) throw new MalformedVerifierKeyError('the key name is empty or has a space');
    if (!/^[0-9a-f]{8}$/.test(id)) throw new MalformedVerifierKeyError('the key ID is not 8 lower-case hex digits');
    const key = decodeBase64(encoded);
    if (!key || key.length === 0) throw new MalformedVerifierKeyError('the key is not base64');
    if (key[0] !== ED25519) throw new MalformedVerifierKeyError(`signature type ${key[0]} is not Ed25519 (1)`);
    const verifier = NoteVerifier.fromPublicKey(name, key.subarray(1));
    if (hex8(verifier.keyId) !== id) throw new MalformedVerifierKeyError('the key ID does not match the key');
    return verifier;
  }

  /** The verifier key string that publishes this key. */
  get verifierKey(): string {
    return `${this.name}+${hex8(this.keyId)}+${Buffer.concat([Buffer.from([ED25519]), this.publicKey]).toString('base64')}`;
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return signature.length === 64 && verify(null, message, this.key, signature);
  }
}

/** The installation's Ed25519 signing key under a key name (for checkpoints: the log's origin). */
export class NoteSigner {
  readonly verifier: NoteVerifier;

  private constructor(
    name: string,
    private readonly key: KeyObject,
  ) {
    const x = createPublicKey(key).export({ format: 'jwk' }).x!;
    this.verifier = NoteVerifier.fromPublicKey(name, Buffer.from(x, 'base64url'));
  }

  /** Reads an Ed25519 private key from PEM (PKCS#8, `-----BEGIN PRIVATE KEY-----`, unencrypted). */
  static fromPem(name: string, pem: string | Buffer): NoteSigner {
    if (!isValidKeyName(name)) throw new SigningKeyError(`the key name ${JSON.stringify(name)} is empty or has a space or '+'`);
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch (error) {
      throw new SigningKeyError(`it is not an unencrypted PKCS#8 PEM private key (${(error as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`it is a ${key.asymmetricKeyType} key, not Ed25519`);
    return new NoteSigner(name, key);
  }

  get name(): string {
    return this.verifier.name;
  }

  get keyId(): number {
    return this.verifier.keyId;
  }

  sign(message: Uint8Array): Buffer {
    return sign(null, message, this.key);
  }
}

/** A new Ed25519 private key as PKCS#8 PEM, for a development installation that has none. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}
