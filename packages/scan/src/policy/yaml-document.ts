import { snippet } from '@mlsec/core';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';

/** JSON-like data read from YAML; objects have no prototype. */
export type PlainValue =
  string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** A problem at a path of the document (`aliases.production.approvals`), or '' for the whole file. */
export interface YamlProblem {
  readonly path: string;
  readonly reason: string;
}

/** What readYamlDocument read: plain data, or the first problem. */
export type YamlRead =
  | { readonly ok: true; readonly value: PlainValue }
  | { readonly ok: false; readonly problem: YamlProblem };

type Read = YamlRead;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Policy documents are a few levels deep; anything far deeper is not a policy. */
const DEFAULT_MAX_DEPTH = 10;

function fail(path: string, reason: string): Read {
  return { ok: false, problem: { path, reason } };
}

/**
 * Walk the YAML syntax tree into plain data rather than calling toJS: string keys only and never
 * __proto__/constructor/prototype (prototype pollution), no aliases (alias bombs), no explicit tags,
 * bounded depth, objects without a prototype.
 */
function toPlain(node: Node | null, path: string, depth: number, maxDepth: number): Read {
  if (depth > maxDepth) return fail(path, 'nested too deeply');
  if (node === null) return { ok: true, value: null };
  if (isAlias(node)) return fail(path, 'aliases (*name) are not supported');
  if (node.tag !== undefined) return fail(path, 'explicit tags (!tag) are not supported');
  if (isScalar(node)) {
    const { value } = node;
    if (value === null || typeof value === 'string' || typeof value === 'boolean')
      return { ok: true, value };
    if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
    return fail(path, 'unsupported scalar value');
  }
  if (isSeq(node)) {
    const out: PlainValue[] = [];
    for (const [i, item] of node.items.entries()) {
      const read = toPlain(item as Node | null, `${path}[${i}]`, depth + 1, maxDepth);
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
        return fail(path, 'mapping keys must be plain strings');
      }
      const name = key.value;
      if (FORBIDDEN_KEYS.has(name)) return fail(path, `the key "${name}" is not allowed`);
      const read = toPlain(
        pair.value as Node | null,
        path === '' ? name : `${path}.${name}`,
        depth + 1,
        maxDepth,
      );
      if (!read.ok) return read;
      out[name] = read.value;
    }
    return { ok: true, value: out };
  }
  return fail(path, 'unsupported YAML node');
}

/** `line L, column C` of a character offset (1-based, as editors count). */
function lineColumn(content: string, offset: number): string {
  const before = content.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Parse one YAML 1.2 document (JSON is a subset) of a policy file into plain data; never throws.
 * Duplicate keys, several documents, warnings (such as unresolved tags) and the constructs toPlain
 * refuses are problems; syntax problems carry `line L, column C` and the path ''.
 */
export function readYamlDocument(
  content: string,
  options: { readonly maxDepth?: number } = {},
): YamlRead {
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
  if (second !== undefined)
    return fail('', `${lineColumn(content, second.range[0])}: a policy file holds one document`);
  if (doc === undefined) return { ok: true, value: null };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const message = problem.message.split('\n')[0] ?? problem.code;
    return fail('', `${lineColumn(content, problem.pos[0])}: ${snippet(message, 160)}`);
  }
  return toPlain(doc.contents, '', 0, options.maxDepth ?? DEFAULT_MAX_DEPTH);
}
