import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { parseSafeJson } from '../bundle/safe-json.ts';
import type { JsonObject, JsonValue } from './types.ts';

/** Largest hyperparameter file read (bytes); real ones are a few KiB. */
export const MAX_PARAMS_BYTES = 1024 * 1024;
const MAX_DEPTH = 32;
const MAX_NODES = 100_000;
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const CODE = 'PROVENANCE_PARAMS_INVALID';

/**
 * Parse a hyperparameter file: a JSON object, or a YAML mapping (YAML 1.2 core schema). Bounded size,
 * depth and node count; keys `__proto__`, `constructor` and `prototype` are refused; YAML aliases, tags,
 * duplicate keys and multiple documents are refused; numbers must be finite. Never throws: problems are
 * PROVENANCE_PARAMS_INVALID issues.
 */
export function parseParams(bytes: Uint8Array, fileName = ''): ParseResult<JsonObject> {
  if (bytes.length > MAX_PARAMS_BYTES) {
    return bad(`${bytes.length} bytes exceeds the ${MAX_PARAMS_BYTES}-byte limit`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bad('not valid UTF-8');
  }
  const json = /\.json$/i.test(fileName) || /^\s*\{/.test(text);
  const read = json ? readJson(bytes) : readYaml(text);
  if (!read.ok) return fail(read.issues);
  const value = read.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return bad('the top level must be an object (a mapping of parameter names to values)');
  }
  return ok(value as JsonObject);
}

function readJson(bytes: Uint8Array): ParseResult<JsonValue> {
  const parsed = parseSafeJson(bytes, MAX_PARAMS_BYTES, MAX_DEPTH);
  if (!parsed.ok) return bad(parsed.issues[0]?.message ?? 'not JSON');
  return ok(parsed.value as JsonValue);
}

function readYaml(text: string): ParseResult<JsonValue> {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return bad('empty YAML file');
  if (docs.length !== 1) return bad(`expected one YAML document, found ${docs.length}`);
  const doc = docs[0];
  if (doc === undefined) return bad('empty YAML file');
  const error = doc.errors[0];
  if (error !== undefined) return bad(`YAML: ${snippet(error.message, 160)}`);
  const budget = { nodes: 0 };
  const out = toJson(doc.contents, '', 0, budget);
  return out.ok ? ok(out.value) : bad(out.why);
}

type Walk = { ok: true; value: JsonValue } | { ok: false; why: string };

/** YAML syntax tree → JSON value, refusing what JSON cannot say and what could pollute prototypes. */
function toJson(node: Node | null, where: string, depth: number, budget: { nodes: number }): Walk {
  const here = where === '' ? 'the document' : snippet(where, 80);
  if (depth > MAX_DEPTH) return { ok: false, why: `${here}: nested deeper than ${MAX_DEPTH}` };
  if (++budget.nodes > MAX_NODES) return { ok: false, why: `more than ${MAX_NODES} values` };
  if (node === null) return { ok: true, value: null };
  if (isAlias(node)) return { ok: false, why: `${here}: YAML aliases are not supported` };
  if (node.tag !== undefined) return { ok: false, why: `${here}: YAML tags are not supported` };
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean')
      return { ok: true, value: v };
    if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
    return {
      ok: false,
      why: `${here}: unsupported value (not a string, finite number, boolean or null)`,
    };
  }
  if (isSeq(node)) {
    const items: JsonValue[] = [];
    for (const [i, item] of node.items.entries()) {
      const r = toJson(item as Node | null, `${where}[${i}]`, depth + 1, budget);
      if (!r.ok) return r;
      items.push(r.value);
    }
    return { ok: true, value: items };
  }
  if (isMap(node)) {
    const obj: Record<string, JsonValue> = {};
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (
        !isScalar(key) ||
        key.tag !== undefined ||
        !['string', 'number'].includes(typeof key.value)
      ) {
        return { ok: false, why: `${here}: keys must be plain strings` };
      }
      const name = String(key.value);
      if (FORBIDDEN_KEYS.has(name)) return { ok: false, why: `${here}: forbidden key "${name}"` };
      if (Object.hasOwn(obj, name))
        return { ok: false, why: `${here}: duplicate key "${snippet(name, 60)}"` };
      const r = toJson(
        pair.value as Node | null,
        where === '' ? name : `${where}.${name}`,
        depth + 1,
        budget,
      );
      if (!r.ok) return r;
      obj[name] = r.value;
    }
    return { ok: true, value: obj };
  }
  return { ok: false, why: `${here}: unsupported YAML node` };
}

function bad<T>(message: string): ParseResult<T> {
  return fail([issue(CODE, message, undefined, true)]);
}
