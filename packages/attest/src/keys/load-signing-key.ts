import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import { CURVES, type CurveHash, type CurveName } from '../bundle/curves.ts';

/** A private ECDSA key of a curve model signing accepts, with its public half and curve-matched hash. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly curve: CurveName;
  readonly hash: CurveHash;
}

/** PKCS#8 `ENCRYPTED PRIVATE KEY` or a legacy (SEC1/PKCS#1) PEM with `Proc-Type: 4,ENCRYPTED`. */
const ENCRYPTED = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

/** Does this PEM text hold an encrypted private key (so the CLI should ask for a passphrase)? */
export function isEncryptedPem(text: string | Uint8Array): boolean {
  const s = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  return ENCRYPTED.test(s);
}

/**
 * Load a PEM private key (PKCS#8 or SEC1, optionally encrypted) for signing. Keys are trusted input, but
 * the messages still never echo key material or the passphrase.
 * @throws MlsecError KEY_UNREADABLE, KEY_PASSPHRASE (encrypted and no or a wrong passphrase),
 * KEY_UNSUPPORTED (RSA, Ed25519, secp256k1, ...).
 */
export function loadSigningKey(pem: string | Uint8Array, passphrase?: string): SigningKey {
  const encrypted = isEncryptedPem(pem);
  if (encrypted && (passphrase === undefined || passphrase === '')) {
    throw new MlsecError(
      'KEY_PASSPHRASE',
      'the private key is encrypted and no passphrase was given',
    );
  }
  let privateKey: KeyObject;
  try {
    const key = Buffer.from(pem);
    privateKey = createPrivateKey(
      passphrase === undefined ? { key, format: 'pem' } : { key, format: 'pem', passphrase },
    );
  } catch (cause) {
    if (encrypted || errorCode(cause) === 'ERR_MISSING_PASSPHRASE') {
      throw new MlsecError('KEY_PASSPHRASE', 'the passphrase does not decrypt the private key', {
        cause,
      });
    }
    throw new MlsecError('KEY_UNREADABLE', 'not a PEM private key (PKCS#8 or SEC1)', { cause });
  }
  const named = privateKey.asymmetricKeyDetails?.namedCurve;
  const curve =
    privateKey.asymmetricKeyType === 'ec' && named !== undefined ? CURVES[named] : undefined;
  if (curve === undefined) {
    const what =
      privateKey.asymmetricKeyType === 'ec'
        ? `EC ${named ?? 'unknown curve'}`
        : privateKey.asymmetricKeyType;
    throw new MlsecError(
      'KEY_UNSUPPORTED',
      `${what ?? 'unknown'} key: model signing needs ECDSA P-256, P-384 or P-521`,
    );
  }
  return {
    privateKey,
    publicKey: createPublicKey(privateKey),
    curve: curve.curve,
    hash: curve.hash,
  };
}

function errorCode(err: unknown): unknown {
  return err !== null && typeof err === 'object' && 'code' in err ? err.code : undefined;
}
