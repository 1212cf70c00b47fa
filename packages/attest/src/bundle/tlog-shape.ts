import { snippet } from '@mlsec/core';
import { decodeBase64 } from './base64.ts';

/**
 * The protobuf-specs JSON of a bundle's transparency-log entries and timestamps, field by field: an object
 * maps names to nested specs; `bytes` is canonical base64, `int64` a decimal string (protobuf JSON),
 * `string` any string; `[spec]` is a list. `@sigstore/bundle` drops unknown fields and decodes base64
 * leniently, so without this check a renamed field (say `inclusionPromise`) or a re-spelt base64 string
 * would still verify: a changed byte of a verified bundle must never pass.
 */
type Spec = 'bytes' | 'int64' | 'string' | readonly [Spec] | { readonly [field: string]: Spec };

const TLOG_ENTRY: Spec = {
  logIndex: 'int64',
  logId: { keyId: 'bytes' },
  kindVersion: { kind: 'string', version: 'string' },
  integratedTime: 'int64',
  inclusionPromise: { signedEntryTimestamp: 'bytes' },
  inclusionProof: {
    logIndex: 'int64',
    rootHash: 'bytes',
    treeSize: 'int64',
    hashes: ['bytes'],
    checkpoint: { envelope: 'string' },
  },
  canonicalizedBody: 'bytes',
};

/** `verificationMaterial.tlogEntries` and `.timestampVerificationData`. */
export const TLOG_ENTRIES: Spec = [TLOG_ENTRY];
export const TIMESTAMP_DATA: Spec = { rfc3161Timestamps: [{ signedTimestamp: 'bytes' }] };

/** Lists longer than this are hostile (a real bundle has one tlog entry and a few dozen proof hashes). */
const MAX_ITEMS = 256;
const INT64 = /^(?:0|[1-9][0-9]{0,18})$/;

/** Check `value` against `spec`; returns the first problem as `where: what`, or undefined. */
export function shapeProblem(value: unknown, spec: Spec, where: string): string | undefined {
  if (spec === 'bytes') {
    return typeof value === 'string' && decodeBase64(value) !== undefined
      ? undefined
      : `${where} is not canonical base64`;
  }
  if (spec === 'int64') {
    return typeof value === 'string' && INT64.test(value)
      ? undefined
      : `${where} is not a decimal integer string`;
  }
  if (spec === 'string') return typeof value === 'string' ? undefined : `${where} is not a string`;
  if (Array.isArray(spec)) {
    if (!Array.isArray(value) || value.length > MAX_ITEMS)
      return `${where} is not a list of at most ${MAX_ITEMS}`;
    for (const [i, item] of value.entries()) {
      const problem = shapeProblem(item, spec[0] as Spec, `${where}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return `${where} is not an object`;
  const fields = spec as { readonly [field: string]: Spec };
  for (const [key, item] of Object.entries(value)) {
    const inner = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (inner === undefined) return `${where} has an unknown field "${snippet(key, 40)}"`;
    const problem = shapeProblem(item, inner, `${where}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
