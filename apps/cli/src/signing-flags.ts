import { resolve } from 'node:path';
import { isEncryptedPem, loadSigningKey, type SigningKey } from '@mlsec/attest/sign';
import { readCertificateChain } from './commands/read-certificates.ts';
import type { CommandIo } from './io.ts';
import { readInputText } from './input-file.ts';
import { keyPassphrase } from './key-passphrase.ts';

/** A private key (and certificate chain, leaf first, as DER) ready to sign with. */
export interface SigningMaterial {
  readonly key: SigningKey;
  readonly certificateChain?: readonly Uint8Array[];
  /** For messages: `P-256 key` or `certificate chain (P-384)`. */
  readonly how: string;
}

/**
 * Load --key (asking for the passphrase of an encrypted key: MLSEC_KEY_PASSPHRASE or a no-echo prompt)
 * and the --cert-chain files, for `mlsec sign` and `mlsec provenance capture`.
 */
export async function signingMaterial(
  keyFile: string,
  chainFiles: readonly string[],
  io: CommandIo,
): Promise<SigningMaterial> {
  const pem = await readInputText(resolve(io.cwd, keyFile), '--key', 'KEY_UNREADABLE');
  const passphrase = isEncryptedPem(pem)
    ? await keyPassphrase(io, `Passphrase for ${keyFile}: `)
    : undefined;
  const key = loadSigningKey(pem, passphrase);
  if (chainFiles.length === 0) return { key, how: `${key.curve} key` };
  const certificateChain = await readCertificateChain(chainFiles.map((p) => resolve(io.cwd, p)));
  return { key, certificateChain, how: `certificate chain (${key.curve})` };
}
