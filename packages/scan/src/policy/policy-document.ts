import { snippet } from '@mlsec/core';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';

/** A value of a policy document: JSON-like, with objects that have no prototype. */
export type PlainValue =
  string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** Keys that would reach or replace Object.prototype if copied into an ordinary object. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Policy documents are three levels deep; anything far deeper is not a policy. */
const MAX_DEPTH = 8;

type Read =
  | { readonly ok: true; readonly value: PlainValue }
  | { readonly ok: false; readonly error: string };

function fail(error: string): Read {
  return { ok: false, error };
}

/** Where a problem is, for messages: a path like `deny[2].reason`, or the whole document. */
function at(where: string): string {
  return where === '' ? 'the document' : where;
}

/**
 * Convert a YAML node into plain data, walking the syntax tree ourselves rather than calling toJS: keys
 * must be strings and never `__proto__`, `constructor` or `prototype` (prototype pollution); aliases
 * (alias bombs) and explicit tags are refused; objects are created without a prototype.
 */
function toPlain(node: Node | null, where: string, depth: number): Read {
  if (depth > MAX_DEPTH) return fail(`${at(where)}: nested too deeply`);
  if (node === null) return { ok: true, value: null };
  if (isAlias(node)) return fail(`${at(where)}: aliases (*name) are not supported`);
  if (node.tag !== undefined) return fail(`${at(where)}: explicit tags (!tag) are not supported`);
  if (isScalar(node)) {
    const { value } = node;
    if (value === null || typeof value === 'string' || typeof value === 'boolean')
      return { ok: true, value };
    if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
    return fail(`${at(where)}: unsupported scalar value`);
  }
  if (isSeq(node)) {
    const out: PlainValue[] = [];
    for (const [i, item] of node.items.entries()) {
      const read = toPlain(item as Node | null, `${where}[${i}]`, depth + 1);
      if (!read.ok) return read;
      out.push(read.value);
    }
    return { ok: true, value: out };
  }
  if (isMap(node)) {
    const out = Object.create(null) as Record<string, PlainValue>;
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string' || key.tag !== undefined) {
        return fail(`${at(where)}: mapping keys must be plain strings`);
      }
      const name = key.value;
      if (FORBIDDEN_KEYS.has(name)) return fail(`${at(where)}: the key "${name}" is not allowed`);
      const read = toPlain(
        pair.value as Node | null,
        where === '' ? name : `${where}.${name}`,
        depth + 1,
      );
      if (!read.ok) return read;
      out[name] = read.value;
    }
    return { ok: true, value: out };
  }
  return fail(`${at(where)}: unsupported YAML node`);
}

/** `line L, column C: ` of a character offset (1-based, as editors count). */
function lineColumn(content: string, offset: number): string {
  const before = content.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: `;
}

/**
 * Parse policy file text (YAML 1.2, of which JSON is a subset) into plain data. Never throws; errors
 * carry the line and column of the first problem. Duplicate keys, several documents, warnings (such as
 * unresolved tags) and the constructs refused by toPlain are errors.
 */
export function readPolicyDocument(content: string): Read {
  const docs = parseAllDocuments(content, {
    version: '1.2',
    schema: 'core',
    merge: false,
    resolveKnownTags: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
    logLevel: 'silent',
  });
  if (!Array.isArray(docs) || docs.length === 0) return { ok: true, value: null };
  const [doc, second] = docs;
  if (second !== undefined) {
    return fail(`${lineColumn(content, second.range[0])}a policy file holds one document`);
  }
  if (doc === undefined) return { ok: true, value: null };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const position = lineColumn(content, problem.pos[0]);
    const message = problem.message.split('\n')[0] ?? problem.code;
    return fail(`${position}${snippet(message, 160)}`);
  }
  return toPlain(doc.contents, '', 0);
}
