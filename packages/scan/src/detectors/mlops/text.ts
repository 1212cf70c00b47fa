import type { ScanContext } from '../../engine/context.ts';

/** Largest configuration file read: manifests, Dockerfiles and scripts are far smaller. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

const cache = new WeakMap<object, Promise<string | undefined>>();

/**
 * The artifact as UTF-8 text, read once per source for all MLOps detectors; undefined when larger than
 * MAX_CONFIG_BYTES (or the byte limit) or when it holds NUL bytes (not a configuration file).
 */
export function readConfigText(ctx: ScanContext): Promise<string | undefined> {
  let text = cache.get(ctx.source);
  if (!text) {
    text = (async () => {
      const size = ctx.source.size;
      if (size === 0 || size > Math.min(MAX_CONFIG_BYTES, ctx.limits.maxBytes)) return undefined;
      const bytes = await ctx.source.read(0, size);
      if (bytes.includes(0)) return undefined;
      return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
    })();
    cache.set(ctx.source, text);
  }
  return text;
}

/** 1-based line numbers of offsets in one text. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** A line with its backslash continuations joined, and the line it starts on. */
export interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

/** Longest logical line kept (a hostile file may continue one line forever). */
const MAX_LOGICAL_LINE = 64 * 1024;

/** Lines of a shell script, Dockerfile or unit file with `\` continuations joined. */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const lines = text.split(/\r?\n/);
  let current = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (current === '') start = i + 1;
    const continued = raw.endsWith('\\');
    if (current.length < MAX_LOGICAL_LINE) current += `${continued ? raw.slice(0, -1) : raw} `;
    if (!continued) {
      out.push({ text: current.slice(0, MAX_LOGICAL_LINE), line: start });
      current = '';
    }
  }
  if (current !== '') out.push({ text: current.slice(0, MAX_LOGICAL_LINE), line: start });
  return out;
}

/** Most tokens kept from one command line. */
const MAX_TOKENS = 512;

/**
 * Split a shell command line into commands (at `;`, `&&`, `||`, `|`, newlines) and words, removing
 * quotes as the shell would. Expansions are kept literally; a `#` starting a word ends the line.
 */
export function shellCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const endWord = (): void => {
    if (inWord && words.length < MAX_TOKENS) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i] ?? '';
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i] ?? '';
      inWord = true;
    } else if (ch === ' ' || ch === '\t') endWord();
    else if (ch === ';' || ch === '|' || ch === '&' || ch === '\n' || ch === '(' || ch === ')') {
      endCommand();
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/**
 * The value of a command-line option: `--name value`, `--name=value`, or for single-dash short names
 * `-h value`. Undefined when absent; '' for `--name=` or a trailing name.
 */
export function optionValue(
  words: readonly string[],
  names: readonly string[],
): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    for (const name of names) {
      if (word === name) found = words[i + 1] ?? '';
      else if (word.startsWith(`${name}=`)) found = word.slice(name.length + 1);
    }
  }
  return found;
}

/** Hosts that bind every interface. */
export function isAllInterfaces(host: string | undefined): boolean {
  if (host === undefined) return false;
  const h = host.replace(/^\[|\]$/g, '').trim();
  return h === '0.0.0.0' || h === '::' || h === '*' || h === '0';
}
