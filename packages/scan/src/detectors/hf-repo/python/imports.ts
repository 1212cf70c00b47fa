import type { Token } from './tokenizer.ts';

/** `from .module import a, b` (level ≥ 1): the files a dynamic module pulls in with it. */
export interface RelativeImport {
  /** Number of leading dots. */
  readonly level: number;
  /** Dotted module after the dots; '' for `from . import x`. */
  readonly module: string;
  /** Imported names (for `from . import x`, x may be a module file). */
  readonly names: readonly string[];
}

/** `from module import *` of an absolute module, where it was written. */
export interface StarImport {
  readonly module: string;
  readonly line: number;
  readonly column: number;
}

/** What the import statements of one file bind. */
export interface ImportTable {
  /**
   * Local name → qualified names it may refer to. A name imported in several places (different
   * functions, branches) keeps every candidate: the review flags a use if any candidate is dangerous.
   */
  readonly bindings: ReadonlyMap<string, ReadonlySet<string>>;
  readonly stars: readonly StarImport[];
  readonly relative: readonly RelativeImport[];
  /** Names defined by `def` or `class` anywhere in the file (they shadow builtins such as `compile`). */
  readonly defined: ReadonlySet<string>;
  /** Token indexes that belong to import statements (not uses of the names). */
  readonly importTokens: ReadonlySet<number>;
}

/** Candidates kept per local name (a name rebound to many modules is bounded work per use). */
const MAX_BINDINGS_PER_NAME = 16;
/** Star imports kept per file. */
const MAX_STARS = 64;

function isName(token: Token | undefined, value?: string): token is Token {
  return token?.kind === 'name' && (value === undefined || token.value === value);
}

function isOp(token: Token | undefined, value: string): boolean {
  return token?.kind === 'op' && token.value === value;
}

/**
 * Collect the bindings of `import a.b as c` and `from a import b as c` statements (reference §7.11),
 * whatever their nesting, plus relative and star imports and def/class names.
 */
export function collectImports(tokens: readonly Token[]): ImportTable {
  const bindings = new Map<string, Set<string>>();
  const stars: StarImport[] = [];
  const relative: RelativeImport[] = [];
  const defined = new Set<string>();
  const importTokens = new Set<number>();
  const bind = (local: string, qualified: string): void => {
    const set = bindings.get(local) ?? new Set<string>();
    if (set.size >= MAX_BINDINGS_PER_NAME) return;
    set.add(qualified);
    bindings.set(local, set);
  };

  /** Read `NAME(.NAME)*` at i; returns the dotted name and the index after it. */
  const dotted = (i: number): [string, number] => {
    const parts: string[] = [];
    while (isName(tokens[i]) && tokens[i]?.value !== 'import') {
      parts.push(tokens[i]?.value ?? '');
      if (!isOp(tokens[i + 1], '.') || !isName(tokens[i + 2])) return [parts.join('.'), i + 1];
      i += 2;
    }
    return [parts.join('.'), i];
  };

  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if ((isName(token, 'def') || isName(token, 'class')) && isName(tokens[i + 1])) {
      defined.add(tokens[i + 1]?.value ?? '');
    } else if (isName(token, 'import')) {
      // import a.b.c [as x] (, ...)*
      let j = i + 1;
      for (;;) {
        const [module, next] = dotted(j);
        if (module === '') break;
        j = next;
        if (isName(tokens[j], 'as') && isName(tokens[j + 1])) {
          bind(tokens[j + 1]?.value ?? '', module);
          j += 2;
        } else {
          const head = module.split('.')[0] ?? module;
          bind(head, head);
        }
        if (!isOp(tokens[j], ',')) break;
        j += 1;
      }
      for (let k = i; k < j; k += 1) importTokens.add(k);
      i = j - 1;
    } else if (isName(token, 'from')) {
      // from (.)* module import (names | '(' names ')' | '*'); anything else is `yield from` / `raise from`.
      let j = i + 1;
      let level = 0;
      while (isOp(tokens[j], '.') || isOp(tokens[j], '...')) {
        level += tokens[j]?.value.length ?? 0;
        j += 1;
      }
      const [module, next] = dotted(j);
      j = next;
      if (!isName(tokens[j], 'import') || (level === 0 && module === '')) continue;
      j += 1;
      const names: string[] = [];
      if (isOp(tokens[j], '*')) {
        if (level === 0 && stars.length < MAX_STARS)
          stars.push({ module, line: tokens[j]?.line ?? 0, column: tokens[j]?.column ?? 0 });
        j += 1;
      } else {
        const paren = isOp(tokens[j], '(');
        if (paren) j += 1;
        while (isName(tokens[j])) {
          const name = tokens[j]?.value ?? '';
          let local = name;
          j += 1;
          if (isName(tokens[j], 'as') && isName(tokens[j + 1])) {
            local = tokens[j + 1]?.value ?? name;
            j += 2;
          }
          names.push(name);
          // Relative targets are repository code: bind them to a dotted path no catalogue entry matches.
          bind(
            local,
            level > 0
              ? `${'.'.repeat(level)}${module}${module ? '.' : ''}${name}`
              : `${module}.${name}`,
          );
          if (!isOp(tokens[j], ',')) break;
          j += 1;
        }
        if (paren && isOp(tokens[j], ')')) j += 1;
      }
      if (level > 0) relative.push({ level, module, names });
      for (let k = i; k < j; k += 1) importTokens.add(k);
      i = j - 1;
    }
  }
  return { bindings, stars, relative, defined, importTokens };
}
