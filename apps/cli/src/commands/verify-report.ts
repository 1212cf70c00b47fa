import { snippet } from '@mlsec/core';
import type { ModelVerification, Signer } from '@mlsec/attest';

/** Names listed per kind in the text report; the JSON report has them all. */
const SHOWN = 50;

export function describeSigner(s: Signer): string {
  if (s.kind === 'key') return `key ${s.hint} (${s.curve})`;
  if (s.kind === 'certificate') return `certificate ${s.subject}, issued by ${s.issuer}`;
  return `keyless ${s.identity} (issuer ${s.issuer})`;
}

/** The human report of `mlsec verify`: what was verified, or exactly what differs. */
export function renderVerifyText(model: string, r: ModelVerification): string {
  if (r.verified) {
    const lines = [`verified: ${model}`];
    if (r.signer !== undefined) lines.push(`  signer:      ${describeSigner(r.signer)}`);
    lines.push(`  resources:   ${r.resourceCount ?? 0} signed files or shards, all match`);
    if (r.rootDigest !== undefined) lines.push(`  root digest: sha256:${r.rootDigest}`);
    return `${lines.join('\n')}\n`;
  }
  const lines = [`NOT verified: ${model}`, `  ${r.code ?? 'VERIFY_MODEL_MISMATCH'}: ${r.message}`];
  if (r.signer !== undefined) lines.push(`  signer (signature valid): ${describeSigner(r.signer)}`);
  for (const kind of ['modified', 'missing', 'extra'] as const) {
    const names = r.diff[kind];
    if (names.length === 0) continue;
    lines.push(`  ${kind} (${names.length}):`);
    for (const name of names.slice(0, SHOWN)) lines.push(`    ${snippet(name)}`); // names come from the model folder or the statement
    if (names.length > SHOWN)
      lines.push(`    ... and ${names.length - SHOWN} more (--format json lists all)`);
  }
  if (r.diff.extra.length > 0)
    lines.push('  (unsigned files are allowed with --allow-unsigned-files)');
  return `${lines.join('\n')}\n`;
}

/** The JSON report: the whole result, one object. */
export function renderVerifyJson(model: string, r: ModelVerification): string {
  return `${JSON.stringify({ model, ...r }, null, 2)}\n`;
}
