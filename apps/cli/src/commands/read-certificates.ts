import { X509Certificate } from 'node:crypto';
import { MlsecError, snippet } from '@mlsec/core';
import { readInputText } from '../input-file.ts';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Read PEM files holding one or more certificates each, in order, as DER (for --cert-chain). */
export async function readCertificateChain(paths: readonly string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const path of paths) {
    const text = await readInputText(path, '--cert-chain');
    const blocks = text.match(PEM_CERT) ?? [];
    if (blocks.length === 0)
      throw new MlsecError('CLI_USAGE', `no PEM certificate in ${snippet(path)}`);
    for (const block of blocks) {
      try {
        out.push(new X509Certificate(block).raw);
      } catch (cause) {
        throw new MlsecError('CLI_USAGE', `unreadable certificate in ${snippet(path)}`, { cause });
      }
    }
  }
  return out;
}
