import {
  argDottedName,
  argIsName,
  argString,
  callArgs,
  keywordArg,
  matchBrackets,
} from './call-args.ts';
import type { CallArgs } from './call-args.ts';
import { DANGEROUS_BUILTINS, exactDanger, moduleDanger, starImportDanger } from './catalogue.ts';
import type { DangerCategory, DangerEntry } from './catalogue.ts';
import type { ImportTable } from './imports.ts';
import type { Token } from './tokenizer.ts';

/** How a dangerous name is used: called, passed around, fetched with getattr, or star-imported. */
export type UseKind = 'call' | 'reference' | 'getattr' | 'star-import';

export interface DangerousUse {
  /** Qualified name after alias resolution, e.g. `subprocess.run` for `sp.run` or `run`. */
  readonly name: string;
  /** As written in the file (bounded by the tokenizer), e.g. `sp.run`. */
  readonly written: string;
  readonly category: DangerCategory;
  readonly usage: UseKind;
  readonly line: number;
  readonly column: number;
  /** Extra explanation, e.g. why a torch.load call counts. */
  readonly note?: string;
}

const SAFE_YAML_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader']);
/** Segments of a dotted chain that are matched (catalogue names have at most 4). */
const MAX_CHAIN = 16;
/** A name right after these keywords is being bound, not used. */
const BINDING_KEYWORDS = new Set(['def', 'class', 'as']);

function isOp(token: Token | undefined, value: string): boolean {
  return token?.kind === 'op' && token.value === value;
}

/** Decide a conditional entry from the call's arguments: a note when dangerous, undefined when safe. */
function conditionNote(
  entry: DangerEntry,
  tokens: readonly Token[],
  call: CallArgs,
): string | undefined {
  switch (entry.condition) {
    case 'torch-load':
      // torch.load unpickles unless weights_only=True (the default only from torch 2.6; code may run older).
      return argIsName(tokens, keywordArg(call, 'weights_only'), 'True')
        ? undefined
        : 'without weights_only=True';
    case 'numpy-load': {
      const allow = keywordArg(call, 'allow_pickle');
      return allow === undefined || argIsName(tokens, allow, 'False')
        ? undefined
        : 'with allow_pickle enabled';
    }
    case 'yaml-load': {
      for (const arg of call.args.slice(1)) {
        const name = argDottedName(tokens, arg);
        if (name !== undefined && SAFE_YAML_LOADERS.has(name.split('.').pop() ?? ''))
          return undefined;
      }
      return 'without a safe Loader';
    }
    default:
      return '';
  }
}

type Candidate = { readonly qualified: string; readonly viaStar: boolean };
type Found = { readonly name: string; readonly category: DangerCategory; readonly note?: string };

/** One pass over a file's tokens; methods rather than per-token closures keep the loop cheap. */
class UseFinder {
  readonly uses: DangerousUse[] = [];
  private readonly consumed = new Set<number>();
  private readonly starModules: readonly string[];
  private closeOf: Int32Array | undefined;
  private readonly tokens: readonly Token[];
  private readonly table: ImportTable;

  constructor(tokens: readonly Token[], table: ImportTable) {
    this.tokens = tokens;
    this.table = table;
    this.starModules = [...new Set(table.stars.map((star) => star.module))];
  }

  /** Qualified names a chain may refer to; `viaStar` when only a star import could bind its head. */
  resolve(parts: readonly string[]): Candidate[] {
    const [head = '', ...rest] = parts;
    const bound = this.table.bindings.get(head);
    if (bound !== undefined)
      return [...bound].map((q) => ({ qualified: [q, ...rest].join('.'), viaStar: false }));
    if (head === '__builtins__')
      return [{ qualified: ['builtins', ...rest].join('.'), viaStar: false }];
    if (this.table.defined.has(head)) return [];
    if (DANGEROUS_BUILTINS.has(head) || head === 'getattr') {
      return [{ qualified: `builtins.${parts.join('.')}`, viaStar: false }];
    }
    return this.starModules.map((module) => ({
      qualified: `${module}.${parts.join('.')}`,
      viaStar: true,
    }));
  }

  args(open: number): CallArgs {
    this.closeOf ??= matchBrackets(this.tokens);
    return callArgs(this.tokens, open, this.closeOf);
  }

  run(): void {
    const tokens = this.tokens;
    for (let k = 0; k < tokens.length; k += 1) {
      const token = tokens[k];
      if (token?.kind !== 'name' || this.table.importTokens.has(k) || this.consumed.has(k))
        continue;
      const prev = tokens[k - 1];
      if (isOp(prev, '.') || (prev?.kind === 'name' && BINDING_KEYWORDS.has(prev.value))) continue;
      // The chain NAME(.NAME | ['literal'])*: `os.system`, `__builtins__['eval']`.
      const parts = [token.value];
      let j = k + 1;
      for (;;) {
        const a = tokens[j];
        const b = tokens[j + 1];
        if (isOp(a, '.') && b?.kind === 'name') j += 2;
        else if (isOp(a, '[') && b?.kind === 'string' && !b.formatted && isOp(tokens[j + 2], ']'))
          j += 3;
        else break;
        if (parts.length < MAX_CHAIN) parts.push(b.value); // consume long chains, match their start
      }
      k = j - 1;
      if (isOp(tokens[j], '=')) continue; // assignment target or keyword argument name
      const found = this.judge(parts, isOp(tokens[j], '(') ? j : -1);
      if (found === undefined) continue;
      const { note, ...use } = found;
      const at = { written: parts.join('.'), line: token.line, column: token.column };
      this.uses.push(note ? { ...use, ...at, note } : { ...use, ...at });
    }
    for (const star of this.table.stars) {
      const category = starImportDanger(star.module);
      if (category === undefined) continue;
      const name = `${star.module}.*`;
      this.uses.push({
        name,
        written: name,
        category,
        usage: 'star-import',
        line: star.line,
        column: star.column,
      });
    }
  }

  /** The dangerous use a chain makes, if any; `open` is the index of its call parenthesis or -1. */
  private judge(parts: readonly string[], open: number): (Found & { usage: UseKind }) | undefined {
    const usage: UseKind = open >= 0 ? 'call' : 'reference';
    for (const { qualified, viaStar } of this.resolve(parts)) {
      if (qualified === 'builtins.getattr' && open >= 0) {
        const found = this.getattrUse(this.args(open));
        return found === undefined ? undefined : { ...found, usage: 'getattr' };
      }
      // Through a star import any bare call would match a whole module: only exact names count there.
      const match = matchQualified(qualified, usage, !viaStar);
      if (match === undefined) continue;
      const { entry } = match;
      if (entry.condition === undefined)
        return { name: match.name, category: entry.category, usage: match.usage };
      if (open < 0 || match.name !== qualified) continue; // conditional entries are judged on calls only
      const note = conditionNote(entry, this.tokens, this.args(open));
      if (note !== undefined) return { name: match.name, category: entry.category, usage, note };
    }
    return undefined;
  }

  /** `getattr(module, 'name')`: resolve it like `module.name`; any getattr on the builtins module counts. */
  private getattrUse(call: CallArgs): Found | undefined {
    const first = call.args[0];
    const target = argDottedName(this.tokens, first);
    if (first === undefined || target === undefined) return undefined;
    for (let i = first.start; i < first.end; i += 1) this.consumed.add(i);
    const attr = argString(this.tokens, call.args[1]);
    for (const { qualified: module } of this.resolve(target.split('.'))) {
      if (attr !== undefined) {
        const match = matchQualified(`${module}.${attr}`, 'call');
        if (match !== undefined) return { name: match.name, category: match.entry.category };
      }
      if (module === 'builtins') {
        return {
          name: 'builtins.getattr',
          category: 'dynamic-code',
          note: 'looks up a builtin by a computed name',
        };
      }
    }
    return undefined;
  }
}

/**
 * Find dangerous calls and references in one tokenized file. Names are resolved through the file's
 * imports (`import subprocess as sp`, `from os import system as run_it`), so aliases do not hide a call,
 * and unrelated attributes with dangerous-looking names (`model.eval()`, `torch.compile`) are not flagged.
 */
export function findDangerousUses(tokens: readonly Token[], table: ImportTable): DangerousUse[] {
  const finder = new UseFinder(tokens, table);
  finder.run();
  return finder.uses.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Match a qualified name against the catalogue: exact names (or their attributes), then whole modules. */
function matchQualified(
  qualified: string,
  usage: UseKind,
  wholeModules = true,
): { entry: DangerEntry; name: string; usage: UseKind } | undefined {
  const parts = qualified.split('.');
  for (let n = 1; n <= parts.length; n += 1) {
    const name = parts.slice(0, n).join('.');
    const entry = exactDanger(name);
    if (entry !== undefined)
      return { entry, name, usage: n === parts.length ? usage : 'reference' };
  }
  // Every attribute of subprocess/socket/requests... is flagged only when called (not `subprocess.PIPE`).
  const entry = usage === 'call' && wholeModules ? moduleDanger(qualified) : undefined;
  return entry === undefined ? undefined : { entry, name: qualified, usage };
}
