import canonicalize from 'canonicalize';
import { MlsecError, snippet } from '@mlsec/core';
import { ROLES } from '../access/roles.ts';
import type { LogEntry, LogEntryKind } from './entries.ts';

type FieldType =
  | 'string'
  | 'boolean'
  | 'size'
  | 'nullable-string'
  | 'role'
  | 'scope'
  | 'files'
  | 'sha256'
  | 'nullable-sha256'
  | 'time'
  | 'nullable-time';

const BASE = { kind: 'string', by: 'string', at: 'time' } as const;
const MODEL = { namespace: 'string', model: 'string' } as const;
const VERSION = { ...MODEL, version: 'string' } as const;

/** Every field of every kind, and its type: anything else in an entry is refused. */
const FIELDS: Readonly<Record<LogEntryKind, Readonly<Record<string, FieldType>>>> = {
  namespace_created: { ...BASE, namespace: 'string', public: 'boolean' },
  grant_changed: {
    ...BASE,
    namespace: 'string',
    principal: 'string',
    role: 'role',
    granted: 'boolean',
  },
  token_created: {
    ...BASE,
    tokenId: 'string',
    principal: 'string',
    secretSha256: 'sha256',
    scope: 'scope',
    expiresAt: 'nullable-time',
  },
  token_revoked: { ...BASE, tokenId: 'string' },
  policy_changed: { ...BASE, namespace: 'string', policySha256: 'sha256' },
  version_registered: {
    ...BASE,
    ...VERSION,
    manifestSha256: 'sha256',
    files: 'files',
    signatureSha256: 'nullable-sha256',
    provenanceSha256: 'nullable-sha256',
  },
  version_ready: { ...BASE, ...VERSION, detail: 'string' },
  version_failed: { ...BASE, ...VERSION, detail: 'string' },
  alias_moved: {
    ...BASE,
    ...MODEL,
    alias: 'string',
    from: 'nullable-string',
    to: 'string',
    reason: 'string',
    rollback: 'boolean',
  },
  approval_added: { ...BASE, ...VERSION, alias: 'string' },
  model_pulled: { ...BASE, ...VERSION, bytes: 'size' },
  pull_volume_alert: { ...BASE, reason: 'string', windowBytes: 'size', thresholdBytes: 'size' },
};

/** Longest string field (names, reasons, paths); entries are small by design. */
const MAX_STRING = 4096;
const MAX_LIST = 100_000;
const SHA256 = /^[0-9a-f]{64}$/;
// ISO 8601 UTC as Date.toISOString() writes it.
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function bad(message: string): MlsecError {
  return new MlsecError('REGISTRY_LOG_ENTRY_INVALID', message);
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_STRING;
}

function checkField(kind: string, name: string, type: FieldType, value: unknown): void {
  const ok = ((): boolean => {
    switch (type) {
      case 'string':
        return isString(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'size':
        return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
      case 'nullable-string':
        return value === null || isString(value);
      case 'role':
        return (ROLES as readonly unknown[]).includes(value);
      case 'scope':
        return (
          Array.isArray(value) &&
          value.length > 0 &&
          value.length <= MAX_LIST &&
          value.every((g: unknown) => {
            if (typeof g !== 'object' || g === null || Array.isArray(g)) return false;
            const grant = g as Record<string, unknown>;
            return (
              Object.keys(grant).length === 2 &&
              isString(grant['namespace']) &&
              (ROLES as readonly unknown[]).includes(grant['role'])
            );
          })
        );
      case 'sha256':
        return typeof value === 'string' && SHA256.test(value);
      case 'nullable-sha256':
        return value === null || (typeof value === 'string' && SHA256.test(value));
      case 'time':
        return typeof value === 'string' && TIME.test(value);
      case 'nullable-time':
        return value === null || (typeof value === 'string' && TIME.test(value));
      case 'files':
        return (
          Array.isArray(value) &&
          value.length <= MAX_LIST &&
          value.every((f: unknown) => {
            if (typeof f !== 'object' || f === null || Array.isArray(f)) return false;
            const file = f as Record<string, unknown>;
            return (
              Object.keys(file).length === 3 &&
              isString(file['path']) &&
              typeof file['sha256'] === 'string' &&
              SHA256.test(file['sha256']) &&
              typeof file['size'] === 'number' &&
              Number.isSafeInteger(file['size']) &&
              file['size'] >= 0
            );
          })
        );
    }
  })();
  if (!ok) throw bad(`${kind} entry: field "${name}" is not a valid ${type}`);
}

/**
 * Check that `value` is exactly one of the entry kinds: every field present with its type, nothing
 * more. Throws REGISTRY_LOG_ENTRY_INVALID naming the first problem.
 */
export function checkEntry(value: unknown): LogEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('a log entry is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const kind = record['kind'];
  if (typeof kind !== 'string' || !Object.hasOwn(FIELDS, kind)) {
    throw bad(`unknown log entry kind ${JSON.stringify(snippet(String(kind), 40))}`);
  }
  const fields = Object.entries(FIELDS[kind as LogEntryKind]);
  for (const [name, type] of fields) {
    if (!Object.hasOwn(record, name)) throw bad(`${kind} entry: field "${name}" is missing`);
    checkField(kind, name, type, record[name]);
  }
  const extra = Object.keys(record).find((name) => !fields.some(([f]) => f === name));
  if (extra !== undefined) throw bad(`${kind} entry: unexpected field "${snippet(extra, 40)}"`);
  return value as LogEntry;
}

/** The entry's canonical bytes (RFC 8785 JSON canonicalization, UTF-8): what the log hashes. */
export function encodeEntry(entry: LogEntry): Uint8Array {
  const text = canonicalize(checkEntry(entry));
  if (text === undefined) throw bad('a log entry has no JSON form');
  return new TextEncoder().encode(text);
}

/**
 * Read an entry back from its bytes: strict UTF-8 JSON, a valid entry, and canonical (re-encoding gives
 * the same bytes), so one entry has exactly one leaf.
 */
export function decodeEntry(bytes: Uint8Array): LogEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad('a log entry is not UTF-8 JSON');
  }
  const entry = checkEntry(parsed);
  if (Buffer.compare(Buffer.from(encodeEntry(entry)), Buffer.from(bytes)) !== 0) {
    throw bad(`${entry.kind} entry is not in canonical form`);
  }
  return entry;
}
