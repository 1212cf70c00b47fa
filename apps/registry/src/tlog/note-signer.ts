import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import { ALG_ED25519, formatVerifierKey, keyIdHex, noteKeyId } from './note-key.ts';
import { failure, success } from './result.ts';
import type { TlogResult } from './result.ts';
import { decodeBase64, encodeBase64, isValidKeyName } from './text-rules.ts';

// Signing lives apart from verification: only the log's sequencer needs a private key.

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A key that signs notes: its name, key id, and Ed25519 signing of the note text. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

/** A new Ed25519 note key: the signer, its verifier key (public) and its signer key (secret). */
export interface NoteKeyPair {
  readonly signer: NoteSigner;
  /** `<name>+<hex id>+<base64(0x01 ‖ public key)>`, to give to verifiers. */
  readonly verifierKey: string;
  /** `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>` (the Go note format); keep it secret. */
  readonly signerKey: string;
}

function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

/** A NoteSigner over an Ed25519 private KeyObject. Throws REGISTRY_TLOG_KEY_INVALID on a bad name or key. */
export function ed25519Signer(name: string, privateKey: KeyObject): NoteSigner {
  if (!isValidKeyName(name)) {
    throw new MlsecError('REGISTRY_TLOG_KEY_INVALID', 'note key name is empty or has a space or +');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') {
    throw new MlsecError(
      'REGISTRY_TLOG_KEY_INVALID',
      'note signing key is not an Ed25519 private key',
    );
  }
  const keyId = noteKeyId(name, ALG_ED25519, rawPublicKey(privateKey));
  return { name, keyId, sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}

function seedKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** Generate a fresh Ed25519 note key named `name` (e.g. the log's origin). */
export function generateNoteKey(name: string): NoteKeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = ed25519Signer(name, privateKey);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = pkcs8.subarray(pkcs8.length - 32);
  return {
    signer,
    verifierKey: formatVerifierKey(name, rawPublicKey(privateKey)),
    signerKey: `PRIVATE+KEY+${name}+${keyIdHex(signer.keyId)}+${encodeBase64(Buffer.concat([Buffer.from([ALG_ED25519]), seed]))}`,
  };
}

/**
 * Parse a signer key `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ 32-byte seed)>` (golang.org/x/mod's
 * note.NewSigner format) strictly; the id must match the derived public key. Messages never include
 * the key text.
 */
export function parseSignerKey(skey: string): TlogResult<NoteSigner> {
  const parts = skey.split('+');
  const bad = (why: string): TlogResult<NoteSigner> =>
    failure('REGISTRY_TLOG_KEY_INVALID', `signer key ${why}`);
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    return bad('is not PRIVATE+KEY+name+id+key');
  }
  const name = parts[2] as string;
  const idHex = parts[3] as string;
  // The base64 key may itself contain '+'.
  const key = decodeBase64(parts.slice(4).join('+'));
  if (!isValidKeyName(name)) return bad('name is empty or has a space or +');
  if (!/^[0-9a-f]{8}$/.test(idHex)) return bad('id is not 8 lowercase hex digits');
  if (key === undefined || key.length === 0) return bad('is not base64');
  if (key[0] !== ALG_ED25519) return bad('type is not Ed25519');
  if (key.length !== 33) return bad('seed is not 32 bytes');
  const signer = ed25519Signer(name, seedKey(key.subarray(1)));
  if (signer.keyId !== Number.parseInt(idHex, 16)) return bad('id does not match the key');
  return success(signer);
}
