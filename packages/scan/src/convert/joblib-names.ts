import { snippet } from '@mlsec/core';
import type { CallValue, PickleValue } from '@mlsec/formats';
import { refuse } from './interpret-refusal.ts';
import { ORDERED_DICT } from './joblib-allowlist.ts';

/** An array reached from the dump's value under a name. */
export interface NamedArray {
  readonly name: string;
  /** Index in the analysis's `joblibArrays`. */
  readonly array: number;
}

/** What the value joblib.load returns holds, by name. */
export interface JoblibNames {
  /** In the order the value lists them; one array under several names appears once per name. */
  readonly arrays: readonly NamedArray[];
  /** What was left out, one sentence each. */
  readonly notices: readonly string[];
}

export interface JoblibNameOptions {
  /** Nesting of containers (default 64). */
  readonly maxDepth?: number;
  /** Values visited, shared ones counted each time (default 1,000,000). */
  readonly maxLeaves?: number;
}

const MAX_NOTICES = 20;

function isOrderedDict(value: CallValue): boolean {
  return (
    value.callee.kind === 'global' && `${value.callee.module}.${value.callee.name}` === ORDERED_DICT
  );
}

class Namer {
  readonly arrays: NamedArray[] = [];
  readonly notices: string[] = [];
  private readonly names = new Set<string>();
  private readonly active = new Set<PickleValue>();
  private leaves = 0;
  private skipped = 0;
  private readonly stem: string;
  private readonly maxDepth: number;
  private readonly maxLeaves: number;

  constructor(stem: string, options: JoblibNameOptions) {
    this.stem = stem;
    this.maxDepth = options.maxDepth ?? 64;
    this.maxLeaves = options.maxLeaves ?? 1_000_000;
  }

  private leftOut(prefix: string, what: string): void {
    if (this.notices.length >= MAX_NOTICES) {
      this.skipped++;
      return;
    }
    this.notices.push(
      `${snippet(prefix === '' ? '(root)' : prefix)} is ${what}, not an array; left out`,
    );
  }

  finish(): void {
    if (this.skipped > 0) this.notices.push(`${this.skipped} more values left out`);
  }

  visit(value: PickleValue, prefix: string, depth: number): void {
    if (++this.leaves > this.maxLeaves)
      refuse('unsupported', `more than ${this.maxLeaves} values to name`);
    if (depth > this.maxDepth) refuse('unsupported', `nesting deeper than ${this.maxDepth}`);
    if (this.active.has(value)) refuse('malformed', 'the value refers to itself');
    this.active.add(value);
    this.visitOnce(value, prefix, depth + 1);
    this.active.delete(value);
  }

  private visitOnce(value: PickleValue, prefix: string, depth: number): void {
    switch (value.kind) {
      case 'opaque':
        if (value.joblibArray === undefined) {
          refuse(
            'unsupported',
            `the dump holds a value that cannot be read statically (${value.what})`,
          );
        }
        return this.array(prefix, value.joblibArray);
      case 'dict':
        if (value.dropped > 0) refuse('unsupported', 'a dict has more items than the limits allow');
        return this.entries(value.items, prefix, depth);
      case 'list':
      case 'tuple':
        if (value.dropped > 0)
          refuse('unsupported', `a ${value.kind} has more items than the limits allow`);
        value.items.forEach((item, i) => this.visit(item, join(prefix, String(i)), depth));
        return;
      case 'call':
        return this.call(value, prefix, depth);
      case 'persid':
        return refuse('malformed', 'a persistent id, which joblib.load cannot resolve');
      case 'attr':
      case 'ext':
        return refuse(
          'not-allowed',
          `the dump holds an ${value.kind === 'ext' ? 'EXT object' : 'attribute lookup'}`,
        );
      case 'global':
        return this.leftOut(
          prefix,
          `the class or function ${snippet(`${value.module}.${value.name}`)}`,
        );
      default:
        return this.leftOut(
          prefix,
          /^[aeiou]/.test(value.kind) ? `an ${value.kind}` : `a ${value.kind}`,
        );
    }
  }

  private array(prefix: string, array: number): void {
    const name = prefix === '' ? this.stem : prefix;
    if (this.names.has(name)) refuse('malformed', `two arrays would be named ${snippet(name)}`);
    this.names.add(name);
    this.arrays.push({ name, array });
  }

  /** Dict items, flattened key, value, ...: str or int keys, each once (Python keeps the last). */
  private entries(items: readonly PickleValue[], prefix: string, depth: number): void {
    const seen = new Set<string>();
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = items[i] as PickleValue;
      let name: string;
      if (key.kind === 'str') name = key.value;
      else if (key.kind === 'int' && key.value !== undefined) name = String(key.value);
      else return refuse('unsupported', `a dict key is a ${key.kind}, not a str or int`);
      if (seen.has(`${key.kind}:${name}`))
        refuse('malformed', `dict key ${snippet(name)} appears twice`);
      seen.add(`${key.kind}:${name}`);
      this.visit(items[i + 1] as PickleValue, join(prefix, name), depth);
    }
  }

  /** `OrderedDict()` filled by SETITEM(S) is a dict; any other call result is not an array. */
  private call(value: CallValue, prefix: string, depth: number): void {
    if (!isOrderedDict(value)) {
      const callee =
        value.callee.kind === 'global' ? `${value.callee.module}.${value.callee.name}` : 'a call';
      return this.leftOut(prefix, `a ${snippet(callee)} object`);
    }
    const noArgs = value.args.kind === 'tuple' && value.args.items.length === 0;
    const filled = value.filled;
    if (
      value.opcode !== 'REDUCE' ||
      !noArgs ||
      value.kwargs !== undefined ||
      value.methods !== undefined ||
      value.states.length > 0 ||
      (filled !== undefined && (filled.by !== 'dict' || filled.dropped > 0))
    ) {
      refuse(
        'unsupported',
        `OrderedDict at offset ${value.offset} is not built as pickle writes one`,
        {
          offset: value.offset,
        },
      );
    }
    this.entries(filled?.items ?? [], prefix, depth);
  }
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/**
 * Name every array in the value joblib.load returns: a single array is `stem`; dicts (and
 * OrderedDicts) and lists/tuples name theirs by dotted paths of keys and positions. Other leaves are
 * left out with a notice. Two arrays under one name, a value containing itself, or anything that
 * cannot be read statically is refused (throws RefusalError).
 */
export function nameJoblibArrays(
  root: PickleValue,
  stem: string,
  options: JoblibNameOptions = {},
): JoblibNames {
  const namer = new Namer(stem, options);
  namer.visit(root, '', 0);
  namer.finish();
  return { arrays: namer.arrays, notices: namer.notices };
}
