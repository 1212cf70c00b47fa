import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Node, Pair } from 'yaml';

/**
 * Multi-document YAML (Kubernetes manifests, docker compose files) read as yaml's syntax tree, never
 * converted to JavaScript objects: aliases are never resolved (an alias bomb costs nothing, an alias
 * reads as absent), custom tags are not constructed, and keys such as `__proto__` are only compared as
 * strings. Lines come from the tree, so findings point at the key that sets a value.
 */
export interface YamlFile {
  readonly documents: readonly YamlDocument[];
  /** 1-based line of a character offset. */
  lineAt(offset: number): number;
}

export interface YamlDocument {
  /** 0-based index of the document in the file (`---` separated). */
  readonly index: number;
  readonly root: unknown;
}

/** Most documents read from one file; more are ignored. */
export const MAX_YAML_DOCUMENTS = 1000;

/** Why a YAML text was not read. */
export type YamlFailure = { readonly reason: string };

/** Parse a YAML stream; a failure (syntax error, nesting that overflows the parser) is returned. */
export function parseYamlFile(text: string): YamlFile | YamlFailure {
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
      logLevel: 'silent',
      customTags: [],
      resolveKnownTags: false,
    });
  } catch (error) {
    // Deep nesting can overflow the composer's stack: a hostile input, not a crash.
    return { reason: error instanceof Error ? error.message : 'unreadable' };
  }
  const list = Array.isArray(docs) ? docs : [];
  const failed = list.find((doc) => doc.errors.length > 0);
  if (failed) return { reason: failed.errors[0]?.message ?? 'syntax error' };
  return {
    documents: list
      .slice(0, MAX_YAML_DOCUMENTS)
      .map((doc, index) => ({ index, root: doc.contents })),
    lineAt: (offset) => lineCounter.linePos(offset).line,
  };
}

export function isYamlFailure(value: YamlFile | YamlFailure): value is YamlFailure {
  return 'reason' in value;
}

/** The pair of a mapping whose key is the scalar `key` (first one); aliases read as absent. */
export function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) {
      return isAlias(pair.value) ? undefined : pair;
    }
  }
  return undefined;
}

/** The value node of `key` in a mapping. */
export function get(node: unknown, key: string): unknown {
  return pairOf(node, key)?.value ?? undefined;
}

/** Follow a chain of keys. */
export function dig(node: unknown, ...keys: string[]): unknown {
  let at = node;
  for (const key of keys) at = get(at, key);
  return at;
}

/** Items of a sequence (aliases dropped); [] for anything else. */
export function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items.filter((item) => !isAlias(item)) : [];
}

/** Entries of a mapping with scalar keys, as [key, value node, pair]. */
export function entries(node: unknown): [string, unknown, Pair][] {
  if (!isMap(node)) return [];
  const out: [string, unknown, Pair][] = [];
  for (const pair of node.items) {
    if (isScalar(pair.key) && !isAlias(pair.value))
      out.push([String(pair.key.value), pair.value, pair]);
  }
  return out;
}

/** A scalar's value as a string (numbers and booleans too); undefined for non-scalars and null. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** A YAML boolean: true/false scalars (also the strings "true"/"false", as Kubernetes accepts). */
export function bool(node: unknown): boolean | undefined {
  const value = str(node)?.toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Offset where a node (or the key of a pair) starts. */
export function offsetOf(node: unknown): number {
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? (range[0] ?? 0) : 0;
}

/** Line of the key `key` in a mapping, else of the mapping itself. */
export function keyLine(file: YamlFile, node: unknown, key: string): number {
  const pair = pairOf(node, key);
  return file.lineAt(offsetOf(pair?.key ?? node));
}

export { isMap, isScalar, isSeq };
