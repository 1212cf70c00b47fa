import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import { OPENSSL_CURVE, type CurveName } from '../bundle/curves.ts';
import { keyHint } from '../bundle/ec-key.ts';

/** Options for {@link generateSigningKey}. */
export interface GenerateKeyOptions {
  /** Default P-256, the most widely supported; model signing also accepts P-384 and P-521. */
  readonly curve?: CurveName;
  /** Encrypt the private key (PKCS#8, AES-256-CBC, PBKDF2 as OpenSSL 3 does by default). */
  readonly passphrase?: string;
}

/** A new key pair as PEM text: PKCS#8 private key (encrypted when a passphrase was given), SPKI public key. */
export interface GeneratedKey {
  readonly curve: CurveName;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** model_signing's `publicKey.hint` for this key (what `mlsec verify` prints as the signer). */
  readonly hint: string;
}

/** Generate an ECDSA key pair for model signing. */
export function generateSigningKey(options: GenerateKeyOptions = {}): GeneratedKey {
  const curve = options.curve ?? 'P-256';
  const passphrase = options.passphrase;
  if (passphrase === '') throw new MlsecError('KEY_PASSPHRASE', 'the passphrase is empty');
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: OPENSSL_CURVE[curve],
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding:
      passphrase === undefined
        ? { type: 'pkcs8', format: 'pem' }
        : { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
  const hint = keyHint(createPublicKey(publicKey));
  return { curve, privateKeyPem: privateKey, publicKeyPem: publicKey, hint };
}
