import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { snippet } from '@mlsec/core';
import { failure, success } from './result.ts';
import type { TlogResult } from './result.ts';
import { decodeBase64, encodeBase64, isValidKeyName } from './text-rules.ts';

/** The signature type byte of Ed25519 note signatures (C2SP signed-note "Signature types"). */
export const ALG_ED25519 = 0x01;

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A trusted key: the name and key id a signature line must carry, and the check of its signature. */
export interface NoteVerifier {
  readonly name: string;
  /** The 32-bit key id (big-endian first four bytes of a signature). */
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/**
 * The recommended key id: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ key)
 * (C2SP signed-note). `key` is the encoded public key after the type byte (32 bytes for Ed25519).
 */
export function noteKeyId(name: string, type: number, key: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, type]))
    .update(key)
    .digest();
  return digest.readUInt32BE(0);
}

/** The key id as the 8 lowercase hex digits the key encodings use. */
export function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** Encode an Ed25519 public key as a verifier key `<name>+<hex id>+<base64(0x01 ‖ key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = noteKeyId(name, ALG_ED25519, publicKey);
  return `${name}+${keyIdHex(id)}+${encodeBase64(Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]))}`;
}

/** A NoteVerifier over a raw 32-byte Ed25519 public key. */
export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const key: KeyObject = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return {
    name,
    keyId: noteKeyId(name, ALG_ED25519, publicKey),
    verify: (message, signature) =>
      signature.length === 64 && verify(null, message, key, signature),
  };
}

const keyError = (message: string): TlogResult<NoteVerifier> =>
  failure('REGISTRY_TLOG_KEY_INVALID', message);

/**
 * Parse a verifier key `<name>+<8 hex digits>+<base64(type ‖ key)>` strictly (as golang.org/x/mod's
 * note.NewVerifier, with lowercase hex only): the name must be valid, the id must be the key's, and the
 * type must be Ed25519 with a 32-byte key.
 */
export function parseVerifierKey(vkey: string): TlogResult<NoteVerifier> {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) return keyError(`verifier key "${snippet(vkey, 80)}" is not name+id+key`);
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const key = decodeBase64(vkey.slice(second + 1));
  if (!isValidKeyName(name)) return keyError('verifier key name is empty or has a space or +');
  if (!/^[0-9a-f]{8}$/.test(idHex))
    return keyError('verifier key id is not 8 lowercase hex digits');
  if (key === undefined || key.length === 0) return keyError('verifier key is not base64');
  const type = key[0] as number;
  const raw = key.subarray(1);
  if (noteKeyId(name, type, raw) !== Number.parseInt(idHex, 16)) {
    return keyError(`verifier key id ${idHex} does not match the key`);
  }
  if (type !== ALG_ED25519)
    return keyError(`verifier key type 0x${type.toString(16)} is not Ed25519`);
  if (raw.length !== 32) return keyError('Ed25519 verifier key is not 32 bytes');
  try {
    return success(ed25519Verifier(name, raw));
  } catch {
    return keyError('Ed25519 verifier key is not a valid public key');
  }
}
