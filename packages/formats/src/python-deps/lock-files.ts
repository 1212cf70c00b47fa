import type { Limits, ParseResult } from '@mlsec/core';
import { parseJson } from '../json/index.ts';
import { Collector, checkInput, Lines } from './collector.ts';
import { isValidPackageName } from './package-name.ts';
import { field, parseToml, strings, table } from './toml.ts';
import type { PythonDependencies, RequirementPin } from './types.ts';

/**
 * Lock files: `poetry.lock` and `uv.lock` (TOML `[[package]]` tables) and `Pipfile.lock` (JSON
 * `default`/`develop` sections). Every locked package is pinned to its version; file hashes are kept;
 * git, path and editable sources are noted.
 */

export function parsePoetryLock(text: string, limits: Limits): ParseResult<PythonDependencies> {
  return tomlPackages(text, limits, 'poetry-lock', (pkg) => ({
    hashes: list(field(pkg, 'files')).flatMap((f) => strings([field(f, 'hash')])),
    pin: sourcePin(field(field(pkg, 'source'), 'type')),
    group: strings(field(pkg, 'groups'))[0] ?? stringOr(field(pkg, 'category')),
    url: stringOr(field(field(pkg, 'source'), 'url')),
  }));
}

export function parseUvLock(text: string, limits: Limits): ParseResult<PythonDependencies> {
  return tomlPackages(text, limits, 'uv-lock', (pkg) => {
    const source = field(pkg, 'source');
    const hashes = [
      ...strings([field(field(pkg, 'sdist'), 'hash')]),
      ...list(field(pkg, 'wheels')).flatMap((w) => strings([field(w, 'hash')])),
    ];
    const kind = ['registry', 'git', 'url', 'path', 'directory', 'editable', 'virtual'].find(
      (k) => field(source, k) !== undefined,
    );
    const pin: RequirementPin | undefined =
      kind === 'git' || kind === 'url'
        ? 'url'
        : kind === 'editable' || kind === 'virtual'
          ? 'editable'
          : kind === 'path' || kind === 'directory'
            ? 'path'
            : undefined;
    const url =
      kind !== undefined && kind !== 'registry' ? stringOr(field(source, kind)) : undefined;
    return { hashes, pin, url, group: undefined };
  });
}

interface LockExtras {
  readonly hashes: readonly string[];
  readonly pin: RequirementPin | undefined;
  readonly group: string | undefined;
  readonly url: string | undefined;
}

function tomlPackages(
  text: string,
  limits: Limits,
  source: 'poetry-lock' | 'uv-lock',
  extras: (pkg: unknown) => LockExtras,
): ParseResult<PythonDependencies> {
  const collector = new Collector(source, limits);
  const early = checkInput(text, collector);
  if (early) return early;
  const doc = parseToml(text, collector);
  if (!doc) return collector.result();
  const packages = field(doc, 'package');
  if (packages !== undefined && !Array.isArray(packages)) {
    collector.report('PYDEPS_SHAPE', 'package is not an array of tables', true);
    return collector.result();
  }
  const lines = new Lines(text);
  for (const pkg of list(packages)) {
    if (!collector.room()) break;
    const name = field(pkg, 'name');
    const version = field(pkg, 'version');
    if (typeof name !== 'string' || !isValidPackageName(name)) {
      collector.report('PYDEPS_SHAPE', 'a [[package]] without a valid name');
      continue;
    }
    // At the start of a line: `{ name = "x" }` in another package's dependencies is not its table.
    const before = lines.find(`\nname = "${name}"`);
    const line = before === 0 ? 0 : before + 1;
    const more = extras(pkg);
    const hashes = more.hashes.filter((h) => collector.fits(h, line));
    collector.add({
      name,
      line,
      hashes,
      ...(typeof version === 'string' && collector.fits(version, line)
        ? { version, specifier: `==${version}` }
        : {}),
      ...(more.pin !== undefined ? { pin: more.pin } : {}),
      ...(more.url !== undefined ? { url: more.url } : {}),
      ...(more.group !== undefined ? { group: more.group } : {}),
    });
  }
  return collector.result();
}

/** Pipfile.lock: `{"default": {name: {version: "==1.0", hashes, markers, extras, git, path, editable}}}`. */
export function parsePipfileLock(text: string, limits: Limits): ParseResult<PythonDependencies> {
  const collector = new Collector('pipfile-lock', limits);
  const early = checkInput(text, collector);
  if (early) return early;
  const parsed = parseJson(text, {
    maxDepth: Math.max(1, Math.min(limits.maxDepth * 4, 64)),
    maxEntries: limits.maxEntries * 64 + 64,
    maxStringLength: limits.maxStringLength,
    unsafeKeys: 'drop',
    allowBom: true,
  });
  if (!parsed.ok) {
    collector.report('PYDEPS_SYNTAX', `not JSON: ${parsed.issues[0]?.message ?? ''}`, true);
    return collector.result();
  }
  const doc = table(parsed.value);
  if (doc === undefined) {
    collector.report('PYDEPS_SHAPE', 'the lock file is not a JSON object', true);
    return collector.result();
  }
  const lines = new Lines(text);
  for (const section of ['default', 'develop']) {
    const entries = table(field(doc, section));
    for (const [name, entry] of Object.entries(entries ?? {})) {
      if (!collector.room()) break;
      const line = lines.find(JSON.stringify(name));
      if (!isValidPackageName(name) || table(entry) === undefined) {
        collector.report('PYDEPS_SHAPE', `line ${line}: an entry without a valid name or body`);
        continue;
      }
      const version = field(entry, 'version');
      const markers = field(entry, 'markers');
      const target = ['git', 'path', 'file']
        .map((k) => field(entry, k))
        .find((v) => typeof v === 'string');
      const editable = field(entry, 'editable') === true;
      collector.add({
        name,
        line,
        specifier: typeof version === 'string' && version !== '*' ? version : '',
        extras: strings(field(entry, 'extras')),
        hashes: strings(field(entry, 'hashes')),
        ...(section === 'develop' ? { group: 'develop' } : {}),
        ...(typeof markers === 'string' ? { markers } : {}),
        ...(typeof target === 'string'
          ? {
              url: target,
              pin: editable ? 'editable' : field(entry, 'git') !== undefined ? 'url' : 'path',
            }
          : {}),
      });
    }
  }
  return collector.result();
}

function sourcePin(type: unknown): RequirementPin | undefined {
  if (type === 'git' || type === 'url') return 'url';
  if (type === 'directory' || type === 'file') return 'path';
  return undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
