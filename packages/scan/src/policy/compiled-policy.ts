import { isDunder, normalizeSegments, splitPath } from './normalize.ts';
import { looksLikeClass } from './pattern.ts';
import type { GlobalPattern } from './pattern.ts';
import { PatternIndex } from './pattern-index.ts';
import type { PatternMatch } from './pattern-index.ts';
import type { DenyRule } from './policy-options.ts';
import type { GlobalVerdict, Policy } from './types.ts';

/** Everything a policy is built from, already validated and in priority order. */
export interface PolicyLists {
  readonly allow: readonly GlobalPattern[];
  readonly deny: readonly DenyRule[];
  readonly configModules: readonly GlobalPattern[];
  readonly configExclusions: readonly GlobalPattern[];
}

const ALLOWED: GlobalVerdict = Object.freeze({ kind: 'allowed' });
const UNKNOWN: GlobalVerdict = Object.freeze({ kind: 'unknown' });

/** Special names the pickle protocol itself uses (Lib/copyreg.py). */
const PROTOCOL_DUNDERS: ReadonlySet<string> = new Set(['__newobj__', '__newobj_ex__']);

/**
 * Whether a name climbs through a special attribute. `Class.__new__` as the last segment is the one
 * other dunder that ordinary `__reduce__` methods return (it creates an instance without __init__); it
 * is left to the allow/unknown decision rather than denied.
 */
function climbsThroughDunder(name: readonly string[]): boolean {
  return name.some(
    (segment, i) =>
      isDunder(segment) &&
      !PROTOCOL_DUNDERS.has(segment) &&
      !(segment === '__new__' && i === name.length - 1 && i > 0),
  );
}

/**
 * Longest attribute path judged segment by segment. Real qualified names have a handful of segments; a
 * longer chain only serves to climb through objects (and would make suffix checks quadratic).
 */
export const MAX_NAME_SEGMENTS = 32;

const LONG_PATH_VERDICT: GlobalVerdict = Object.freeze({
  kind: 'dangerous',
  category: 'attribute-access',
  reason: `an attribute path of more than ${MAX_NAME_SEGMENTS} segments, which only serves to climb through objects`,
  pattern: '*.<long attribute path>',
});

const DUNDER_VERDICT: GlobalVerdict = Object.freeze({
  kind: 'dangerous',
  category: 'attribute-access',
  reason:
    'names a special attribute (__builtins__, __globals__, __dict__, __class__, ...) that climbs from ' +
    'an object to its module, globals or class',
  pattern: '*.__dunder__',
});

function dangerous(match: PatternMatch<DenyRule>, traversal: boolean): GlobalVerdict {
  const { category, reason } = match.value;
  return {
    kind: 'dangerous',
    category,
    reason: traversal ? `${reason} (reached through an attribute path)` : reason,
    pattern: match.pattern.text,
  };
}

/**
 * A policy compiled into indexes. Matching semantics (see also pattern.ts and normalize.ts):
 *
 * 1. The pickle's module and name must be dotted ASCII identifiers, or the verdict is `unknown`.
 * 2. They are joined into one path and normalised (`posix.system` → `os.system`,
 *    `__builtin__.eval` → `builtins.eval`, `numpy._core.x` → `numpy.core.x`).
 * 3. Dangerous, checked first so that the denylist always wins over the allowlist:
 *    a. the path matches a deny pattern (exact beats wildcard; the longest wildcard wins);
 *    b. the name is an attribute path (`a.b.c`, as protocol 4 allows) and one of its suffixes matches
 *       a deny pattern: `numpy` + `core._internal.sys.modules` reaches `sys.modules`;
 *    c. a segment of the name is a special attribute (`numpy.__builtins__`; see
 *       climbsThroughDunder for the exceptions), or the name has more than MAX_NAME_SEGMENTS segments.
 * 4. Allowed: the path matches an exact allow pattern; or the name is a single segment and a wildcard
 *    allow pattern matches (for `:class` patterns, only class-like names). Wildcards never admit an
 *    attribute path, whose target could be anything the module imported.
 * 5. Anything else is `unknown`.
 */
export class CompiledPolicy implements Policy {
  readonly #deny = new PatternIndex<DenyRule>();
  readonly #allow = new PatternIndex<true>();
  readonly #allowClasses = new PatternIndex<true>();
  readonly #config = new PatternIndex<true>();
  readonly #configExcluded = new PatternIndex<true>();

  constructor(lists: PolicyLists) {
    for (const rule of lists.deny) this.#deny.add(rule.pattern, rule);
    for (const pattern of lists.allow) {
      (pattern.classesOnly ? this.#allowClasses : this.#allow).add(pattern, true);
    }
    for (const pattern of lists.configModules) this.#config.add(pattern, true);
    for (const pattern of lists.configExclusions) this.#configExcluded.add(pattern, true);
  }

  classifyGlobal(module: string, name: string): GlobalVerdict {
    const moduleSegments = splitPath(module);
    const nameSegments = splitPath(name);
    if (moduleSegments === undefined || nameSegments === undefined) return UNKNOWN;
    const path = normalizeSegments([...moduleSegments, ...nameSegments]);
    const denied = this.#deny.match(path);
    if (denied !== undefined) return dangerous(denied, false);
    if (nameSegments.length > MAX_NAME_SEGMENTS) return LONG_PATH_VERDICT;
    for (let i = 0; i < nameSegments.length - 1; i++) {
      const reached = this.#deny.match(normalizeSegments(nameSegments.slice(i)));
      if (reached !== undefined) return dangerous(reached, true);
    }
    if (climbsThroughDunder(nameSegments)) return DUNDER_VERDICT;
    return this.#isAllowed(path, nameSegments) ? ALLOWED : UNKNOWN;
  }

  isAllowedConfigModule(module: string): boolean {
    const segments = splitPath(module);
    if (segments === undefined || segments.some(isDunder)) return false;
    const path = normalizeSegments(segments);
    if (this.#deny.match(path) !== undefined) return false;
    if (this.#configExcluded.match(path) !== undefined) return false;
    return this.#config.match(path) !== undefined;
  }

  #isAllowed(path: readonly string[], nameSegments: readonly string[]): boolean {
    if (this.#allow.matchExact(path) !== undefined) return true;
    const [name] = nameSegments;
    if (nameSegments.length !== 1 || name === undefined) return false;
    if (this.#allow.matchWildcard(path) !== undefined) return true;
    return looksLikeClass(name) && this.#allowClasses.matchWildcard(path) !== undefined;
  }
}
