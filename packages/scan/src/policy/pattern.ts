import { IDENTIFIER, normalizeSegments } from './normalize.ts';

/**
 * Global patterns, as written in the default lists and in policy files:
 *
 * - `module.name` — exactly that object: `torch._utils._rebuild_tensor_v2`, `builtins.getattr`.
 *   Module and qualified name are not told apart: a pickle's (module `torch`, name
 *   `_utils._rebuild_tensor_v2`) resolves to the same object as (`torch._utils`, `_rebuild_tensor_v2`).
 * - `module.*` — the module (or class) itself and everything reachable under it: `subprocess.*`.
 * - `module.*:class` (allowlist only) — like `module.*`, but only for class-like names (see
 *   {@link looksLikeClass}), so `sklearn.*:class` admits estimators but not sklearn's functions.
 *
 * Segments are ASCII Python identifiers; the pattern is normalised like the globals it is matched against
 * (`posix.system` is stored as `os.system`).
 */
export interface GlobalPattern {
  /** Canonical text: normalised path, plus `.*` and `:class` when present. */
  readonly text: string;
  /** Normalised path segments, without the wildcard. */
  readonly path: readonly string[];
  readonly wildcard: boolean;
  readonly classesOnly: boolean;
}

/** Result of parsing one pattern: never throws. */
export type PatternParse =
  | { readonly ok: true; readonly pattern: GlobalPattern }
  | { readonly ok: false; readonly error: string };

/** What a list accepts. */
export interface PatternSyntax {
  /** Accept the `:class` suffix (allowlists). */
  readonly classes: boolean;
  /** Fewest segments of an exact pattern: 2 for globals (module + name), 1 for module lists. */
  readonly minExactSegments: number;
}

/** Longest pattern accepted: far beyond any real Python path, short enough to bound the work. */
export const MAX_PATTERN_LENGTH = 256;

const CLASS_SUFFIX = ':class';

/** Parse and normalise one pattern. Errors are short sentences without the input echoed. */
export function parsePattern(text: string, syntax: PatternSyntax): PatternParse {
  if (text.length === 0) return { ok: false, error: 'is empty' };
  if (text.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  let body = text;
  let classesOnly = false;
  if (body.endsWith(CLASS_SUFFIX)) {
    if (!syntax.classes)
      return { ok: false, error: 'uses :class, which only allow patterns accept' };
    body = body.slice(0, -CLASS_SUFFIX.length);
    classesOnly = true;
  }
  const segments = body.split('.');
  const wildcard = segments[segments.length - 1] === '*';
  if (wildcard) segments.pop();
  if (classesOnly && !wildcard) return { ok: false, error: 'uses :class without a trailing .*' };
  if (segments.length === 0)
    return { ok: false, error: 'is a bare wildcard, which would match everything' };
  for (const segment of segments) {
    if (segment === '*') return { ok: false, error: 'has a wildcard that is not the last segment' };
    if (!IDENTIFIER.test(segment)) {
      return {
        ok: false,
        error: 'has a segment that is not a Python identifier (letters, digits, _)',
      };
    }
  }
  if (!wildcard && segments.length < syntax.minExactSegments) {
    return {
      ok: false,
      error: 'names a module alone; write module.name, or module.* for all of it',
    };
  }
  const path = normalizeSegments(segments);
  const canonical = `${path.join('.')}${wildcard ? '.*' : ''}${classesOnly ? CLASS_SUFFIX : ''}`;
  return { ok: true, pattern: { text: canonical, path, wildcard, classesOnly } };
}

/**
 * Whether a (single-segment) name looks like a class: CapWords, as PEP 8 and every ML library name
 * classes, or a Cython auto-pickle reconstructor (`__pyx_unpickle_Tree`), which only recreates its
 * extension type with `__new__` and restores its state after a checksum check.
 */
export function looksLikeClass(name: string): boolean {
  return /^[A-Z][A-Za-z0-9_]*$/.test(name) || /^__pyx_unpickle_[A-Za-z0-9_]+$/.test(name);
}
