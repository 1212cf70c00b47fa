import type { Limits, ParseResult } from '@mlsec/core';
import { Collector, checkInput } from './collector.ts';
import { isValidPackageName } from './package-name.ts';
import { parsePep508 } from './pep508.ts';
import type { PythonDependencies } from './types.ts';

/**
 * pip requirements files (`requirements*.txt`, `constraints.txt`) and `pip freeze` output: comments,
 * `\` continuations, `-r`/`-c` includes (returned as references, not followed), `-e` editable installs,
 * direct URLs and paths, per-requirement `--hash` options, and the global options pip documents
 * (ignored). Never throws; bounded by limits (text length, line length, number of requirements).
 */
export function parseRequirementsTxt(
  text: string,
  limits: Limits,
  source: 'requirements' | 'pip-freeze' = 'requirements',
): ParseResult<PythonDependencies> {
  const collector = new Collector(source, limits);
  const early = checkInput(text, collector);
  if (early) return early;
  for (const { line, content } of logicalLines(text)) {
    if (!collector.fits(content, line)) continue;
    const stripped = stripComment(content).trim();
    if (stripped === '') continue;
    if (!collector.room()) break;
    readLine(stripped, line, collector);
  }
  return collector.result();
}

/** `pip freeze` output is a requirements file: the same parser, labelled as freeze output. */
export function parsePipFreeze(text: string, limits: Limits): ParseResult<PythonDependencies> {
  return parseRequirementsTxt(text, limits, 'pip-freeze');
}

/** Global options pip reads in requirements files; their values are not requirements. */
const GLOBAL_OPTIONS = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '--no-index',
  '-f',
  '--find-links',
  '--no-binary',
  '--only-binary',
  '--prefer-binary',
  '--require-hashes',
  '--pre',
  '--trusted-host',
  '--use-feature',
]);

function readLine(text: string, line: number, collector: Collector): void {
  if (text.startsWith('-')) {
    const { option, value } = splitOption(text);
    if (
      option === '-r' ||
      option === '--requirement' ||
      option === '-c' ||
      option === '--constraint'
    ) {
      if (value === '') collector.bad(line, text, `${option} without a file`);
      else {
        const kind = option === '-c' || option === '--constraint' ? 'constraints' : 'requirements';
        collector.reference({ kind, path: value, line });
      }
      return;
    }
    if (option === '-e' || option === '--editable') {
      if (value === '') collector.bad(line, text, `${option} without a target`);
      else direct(value, line, collector, 'editable');
      return;
    }
    if (!GLOBAL_OPTIONS.has(option)) {
      collector.report(
        'PYDEPS_UNKNOWN_OPTION',
        `line ${line}: unknown option ${option.slice(0, 40)}`,
      );
    }
    return;
  }
  const { requirement, hashes, unknown } = splitRequirementOptions(text);
  for (const option of unknown) {
    collector.report(
      'PYDEPS_UNKNOWN_OPTION',
      `line ${line}: unknown option ${option.slice(0, 40)}`,
    );
  }
  if (looksLikeUrlOrPath(requirement)) {
    direct(
      requirement,
      line,
      collector,
      /^[a-z][a-z0-9+.-]*:\/\//i.test(requirement) ? 'url' : 'path',
      hashes,
    );
    return;
  }
  collector.addPep508(requirement, line, { hashes });
}

/** A `-e`, URL or path requirement: named by `#egg=`, a wheel or sdist file name, or `name @ url`. */
function direct(
  target: string,
  line: number,
  collector: Collector,
  pin: 'editable' | 'url' | 'path',
  hashes: readonly string[] = [],
): void {
  const named = parsePep508(target);
  if (named?.url !== undefined) {
    collector.add({ name: named.name, extras: named.extras, url: named.url, pin, hashes, line });
    return;
  }
  const name = nameOfTarget(target);
  if (name === undefined) {
    collector.bad(line, target, 'a URL or path that names no package');
    return;
  }
  collector.add({ name, url: target, pin, hashes, line });
}

function nameOfTarget(target: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(target)?.[1];
  if (egg !== undefined) return isValidPackageName(egg) ? egg : undefined;
  const file = target.split(/[/\\]/).pop() ?? '';
  const dist = /^([A-Za-z0-9._]+?)-\d[^/]*\.(?:whl|tar\.gz|zip)$/.exec(file)?.[1];
  if (dist !== undefined && isValidPackageName(dist)) return dist;
  const folder = file.replace(/[#?].*$/, '');
  return target.startsWith('.') || target.startsWith('/')
    ? isValidPackageName(folder)
      ? folder
      : undefined
    : undefined;
}

function looksLikeUrlOrPath(text: string): boolean {
  return (
    /^(?:[a-z][a-z0-9+.-]*:\/\/|\.{1,2}[/\\]|\/|[A-Za-z]:\\)/i.test(text) ||
    /^(?:git|hg|svn|bzr)\+/i.test(text)
  );
}

/** `-r file`, `-rfile`, `--requirement=file`, `--requirement file`. */
function splitOption(text: string): { option: string; value: string } {
  if (text.startsWith('--')) {
    const end = text.search(/[\s=]/);
    if (end === -1) return { option: text, value: '' };
    return { option: text.slice(0, end), value: text.slice(end + 1).trim() };
  }
  return { option: text.slice(0, 2), value: text.slice(2).trim() };
}

/** Split ` --hash=…` and other per-requirement options (outside quotes) off a requirement line. */
function splitRequirementOptions(text: string): {
  requirement: string;
  hashes: string[];
  unknown: string[];
} {
  let quote = '';
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if ((c === ' ' || c === '\t') && text.startsWith('--', i + 1)) {
      cut = i;
      break;
    }
  }
  if (cut === -1) return { requirement: text, hashes: [], unknown: [] };
  const hashes: string[] = [];
  const unknown: string[] = [];
  const tokens = text.slice(cut).trim().split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '--hash' && i + 1 < tokens.length) hashes.push(tokens[++i] ?? '');
    else if (token.startsWith('--hash=')) hashes.push(token.slice('--hash='.length));
    else if (token.startsWith('--config-settings') || token.startsWith('--global-option')) continue;
    else if (token.startsWith('--')) unknown.push(token);
  }
  return { requirement: text.slice(0, cut).trim(), hashes, unknown };
}

/** ` #` or a leading `#` starts a comment (a `#` inside a URL fragment does not). */
function stripComment(text: string): string {
  if (text.trimStart().startsWith('#')) return '';
  const at = text.search(/\s#/);
  return at === -1 ? text : text.slice(0, at);
}

/** Physical lines joined at a trailing `\`, each with the line it starts on. */
function* logicalLines(text: string): Generator<{ line: number; content: string }> {
  const lines = text.split(/\r?\n/);
  let start = 0;
  let parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (parts.length === 0) start = i + 1;
    if (raw.endsWith('\\')) {
      parts.push(raw.slice(0, -1));
      continue;
    }
    parts.push(raw);
    yield { line: start, content: parts.join('') };
    parts = [];
  }
  if (parts.length > 0) yield { line: start, content: parts.join('') };
}
