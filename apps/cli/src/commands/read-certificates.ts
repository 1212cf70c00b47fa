import { MlsecError, snippet } from '@mlsec/core';
import { readPemCertificates } from '@mlsec/attest';
import { readInputText } from '../input-file.ts';

/** Read PEM files holding one or more certificates each, in order, as DER (for --cert-chain). */
export async function readCertificateChain(paths: readonly string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const path of paths) {
    const read = readPemCertificates(await readInputText(path, '--cert-chain'));
    if (!read.ok) {
      const why = read.issues[0]?.message ?? 'no PEM certificate';
      throw new MlsecError('CLI_USAGE', `${snippet(path)}: ${why}`);
    }
    out.push(...read.value.map((cert) => new Uint8Array(cert.raw)));
  }
  return out;
}
