import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CURVES, type CurveHash } from './curves.ts';

/** An ECDSA public key of a supported curve, with the hash model_signing pairs with it. */
export interface EcPublicKey {
  readonly key: KeyObject;
  /** OpenSSL name, e.g. `secp384r1`. */
  readonly curve: string;
  readonly hash: CurveHash;
}

/** Accept a KeyObject only if it is EC on P-256/P-384/P-521; undefined otherwise. */
export function toEcKey(key: KeyObject): EcPublicKey | undefined {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ec') return undefined;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const hash = curve === undefined ? undefined : CURVES[curve]?.hash;
  return curve === undefined || hash === undefined ? undefined : { key, curve, hash };
}

/**
 * Load a public key from PEM (leading text such as certtool's dump is skipped, as OpenSSL does). Returns
 * undefined for unreadable or unsupported keys.
 */
export function loadEcPublicKey(pem: string | Uint8Array): EcPublicKey | undefined {
  try {
    return toEcKey(createPublicKey({ key: Buffer.from(pem), format: 'pem' }));
  } catch {
    return undefined;
  }
}

/** The PEM SPKI text of a key, byte-for-byte what Python's `cryptography` writes (64-column, `\n`). */
export function spkiPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** model_signing's `publicKey.hint`: hex SHA-256 of the PEM SPKI text (not the DER). */
export function keyHint(key: KeyObject): string {
  return createHash('sha256').update(spkiPem(key)).digest('hex');
}

/** Same key? Compares the DER SPKI encodings. */
export function sameKey(a: KeyObject, b: KeyObject): boolean {
  const da = a.export({ type: 'spki', format: 'der' });
  const db = b.export({ type: 'spki', format: 'der' });
  return da.equals(db);
}

/** ECDSA verification of a DER signature; false (never a throw) for any malformed input. */
export function verifyEcdsa(
  hash: string,
  key: KeyObject,
  data: Uint8Array,
  sig: Uint8Array,
): boolean {
  try {
    return verify(hash, data, { key, dsaEncoding: 'der' }, sig);
  } catch {
    return false;
  }
}
