import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MlsecError } from '@mlsec/core';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Read PEM files holding one or more certificates each, in order, as DER (for --cert-chain). */
export async function readCertificateChain(paths: readonly string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new MlsecError('CLI_USAGE', `cannot read --cert-chain file ${path}`, { cause });
    }
    const blocks = text.match(PEM_CERT) ?? [];
    if (blocks.length === 0) throw new MlsecError('CLI_USAGE', `no PEM certificate in ${path}`);
    for (const block of blocks) {
      try {
        out.push(new X509Certificate(block).raw);
      } catch (cause) {
        throw new MlsecError('CLI_USAGE', `unreadable certificate in ${path}`, { cause });
      }
    }
  }
  return out;
}
