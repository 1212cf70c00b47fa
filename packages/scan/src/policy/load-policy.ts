import { snippet } from '@mlsec/core';
import { compilePolicy } from './create-policy.ts';
import type { DenyRuleInput, PolicyOptions } from './policy-options.ts';
import { readPolicyDocument } from './policy-document.ts';
import type { PlainValue } from './policy-document.ts';
import type { Policy } from './types.ts';

/** Result of loadPolicy. */
export type LoadPolicyResult =
  | { readonly ok: true; readonly policy: Policy; readonly options: PolicyOptions }
  | { readonly ok: false; readonly error: string };

/** Largest policy file accepted (1 MiB): far beyond any hand-written list. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Most entries in one list. */
export const MAX_POLICY_ENTRIES = 10_000;

const ROOT_KEYS = new Set(['version', 'allow', 'deny', 'configModules']);
const DENY_KEYS = new Set(['pattern', 'category', 'reason']);

/** Bounds of loadPolicy; the defaults suit any hand-written or generated policy file. */
export interface LoadPolicyLimits {
  readonly maxBytes?: number;
  readonly maxEntries?: number;
}

type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function isRecord(value: PlainValue | undefined): value is { readonly [key: string]: PlainValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKey(
  record: { readonly [key: string]: PlainValue },
  known: ReadonlySet<string>,
): string | undefined {
  return Object.keys(record).find((key) => !known.has(key));
}

function list(
  value: PlainValue | undefined,
  where: string,
  max: number,
): Checked<readonly PlainValue[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) return { ok: false, error: `${where}: must be a list` };
  const items = value as readonly PlainValue[];
  if (items.length > max) return { ok: false, error: `${where}: has more than ${max} entries` };
  return { ok: true, value: items };
}

function strings(value: PlainValue | undefined, where: string, max: number): Checked<string[]> {
  const items = list(value, where, max);
  if (!items.ok) return items;
  const out: string[] = [];
  for (const [i, item] of items.value.entries()) {
    if (typeof item !== 'string') return { ok: false, error: `${where}[${i}]: must be a string` };
    out.push(item);
  }
  return { ok: true, value: out };
}

function denyEntry(item: PlainValue, where: string): Checked<DenyRuleInput> {
  if (typeof item === 'string') return { ok: true, value: { pattern: item } };
  if (!isRecord(item))
    return { ok: false, error: `${where}: must be a pattern or { pattern, category, reason }` };
  const extra = unknownKey(item, DENY_KEYS);
  if (extra !== undefined)
    return { ok: false, error: `${where}: unknown key "${snippet(extra, 40)}"` };
  const { pattern, category, reason } = item;
  if (typeof pattern !== 'string')
    return { ok: false, error: `${where}.pattern: must be a string` };
  if (category !== undefined && typeof category !== 'string') {
    return { ok: false, error: `${where}.category: must be a string` };
  }
  if (reason !== undefined && typeof reason !== 'string') {
    return { ok: false, error: `${where}.reason: must be a string` };
  }
  const out: { pattern: string; category?: string; reason?: string } = { pattern };
  if (category !== undefined) out.category = category;
  if (reason !== undefined) out.reason = reason;
  return { ok: true, value: out };
}

/** Check the document against the schema (policy.md) and turn it into options. */
function toOptions(doc: PlainValue, max: number): Checked<PolicyOptions> {
  if (!isRecord(doc))
    return { ok: false, error: 'the policy must be a mapping with a version key' };
  const extra = unknownKey(doc, ROOT_KEYS);
  if (extra !== undefined) return { ok: false, error: `unknown key "${snippet(extra, 40)}"` };
  if (doc['version'] !== 1) return { ok: false, error: 'version: must be 1' };
  const allow = strings(doc['allow'], 'allow', max);
  if (!allow.ok) return allow;
  const configModules = strings(doc['configModules'], 'configModules', max);
  if (!configModules.ok) return configModules;
  const denyItems = list(doc['deny'], 'deny', max);
  if (!denyItems.ok) return denyItems;
  const deny: DenyRuleInput[] = [];
  for (const [i, item] of denyItems.value.entries()) {
    const entry = denyEntry(item, `deny[${i}]`);
    if (!entry.ok) return entry;
    deny.push(entry.value);
  }
  return { ok: true, value: { allow: allow.value, deny, configModules: configModules.value } };
}

/**
 * Parse the content of a user policy file (JSON or YAML) into a policy: the defaults plus the file's
 * additions. Schema (docs/policy.md): `{ version: 1, allow?: string[], deny?: (string | { pattern,
 * category?, reason? })[], configModules?: string[] }`; unknown keys, malformed patterns, prototype keys
 * (`__proto__`, `constructor`, `prototype`), aliases and tags are errors. Never throws. The caller reads
 * the file and reports errors (the CLI exits 2).
 *
 * @example
 * const result = loadPolicy('version: 1\nallow: ["mylab.models.*:class"]\n');
 * if (!result.ok) throw new MlsecError('SCAN_POLICY_INVALID', result.error);
 */
export function loadPolicy(content: string, limits: LoadPolicyLimits = {}): LoadPolicyResult {
  const maxBytes = limits.maxBytes ?? MAX_POLICY_BYTES;
  if (Buffer.byteLength(content, 'utf8') > maxBytes) {
    return { ok: false, error: `the policy file is larger than ${maxBytes} bytes` };
  }
  const doc = readPolicyDocument(content);
  if (!doc.ok) return doc;
  const options = toOptions(doc.value, limits.maxEntries ?? MAX_POLICY_ENTRIES);
  if (!options.ok) return options;
  const compiled = compilePolicy(options.value);
  if (!compiled.ok) return compiled;
  return { ok: true, policy: compiled.policy, options: options.value };
}
