/** Every issue code parseJson reports (callers may rename them with `codes`). */
export const JSON_ISSUE_CODES = [
  'JSON_SYNTAX',
  'JSON_TRUNCATED',
  'JSON_TRAILING_CHARACTERS',
  'JSON_UNTERMINATED_STRING',
  'JSON_BAD_ESCAPE',
  'JSON_CONTROL_CHARACTER',
  'JSON_TOO_DEEP',
  'JSON_TOO_MANY_VALUES',
  'JSON_TOO_MANY_ENTRIES',
  'JSON_STRING_TOO_LONG',
  'JSON_FORBIDDEN_KEY',
  'JSON_DUPLICATE_KEY',
  'JSON_NON_FINITE_NUMBER',
] as const;

export type JsonIssueCode = (typeof JSON_ISSUE_CODES)[number];

/** Keys through which a merge of parsed data reaches Object.prototype (CWE-1321). */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Bounds and dialect of parseJson. Every bound is checked while reading, before anything is built. */
export interface JsonParseOptions {
  /** Deepest nesting of arrays and objects (the root container is at depth 0). */
  readonly maxDepth: number;
  /** Most values in the whole document (containers and scalars; keys do not count). */
  readonly maxValues?: number;
  /** Most members of one object or elements of one array. */
  readonly maxEntries?: number;
  /** Longest string (key or value), in UTF-16 code units after unescaping. */
  readonly maxStringLength?: number;
  /**
   * `NaN`, `Infinity` and `-Infinity`, which Python's json.dumps writes: 'reject' them as RFC 8259 does
   * (the default), read them as 'number's as Python's json.loads does, or as 'null' with one
   * JSON_NON_FINITE_NUMBER warning.
   */
  readonly nonFinite?: 'reject' | 'number' | 'null';
  /**
   * A repeated key: 'first' keeps the first copy and reports JSON_DUPLICATE_KEY (the default: two
   * parsers that keep different copies are a classic parser differential), 'last' keeps the last copy
   * silently as JSON.parse and Python dicts do.
   */
  readonly duplicateKeys?: 'first' | 'last';
  /**
   * A key of `unsafeKeyNames`: 'drop' it with a JSON_FORBIDDEN_KEY warning (the default), 'fail' the
   * parse on it, or 'keep' it as an ordinary key (safe on null-prototype objects; use it when the
   * consumer being modelled, such as Python, sees those keys too).
   */
  readonly unsafeKeys?: 'drop' | 'fail' | 'keep';
  /** The keys `unsafeKeys` applies to; PROTOTYPE_KEYS by default. */
  readonly unsafeKeyNames?: readonly string[];
  /** Skip one leading U+FEFF byte order mark (Python's json.loads refuses it; the default is false). */
  readonly allowBom?: boolean;
  /** Issue codes to report instead of the JSON_* ones; `other` renames every code not listed. */
  readonly codes?: Partial<Readonly<Record<JsonIssueCode | 'other', string>>>;
}

/** How Python's json.loads reads a document (Keras configs, transformers' config.json). */
export const PYTHON_JSON_LOADS = {
  nonFinite: 'number',
  duplicateKeys: 'last',
  unsafeKeys: 'keep',
} as const satisfies Partial<JsonParseOptions>;
