import type { Limits, ParseResult } from '@mlsec/core';
import { Collector, checkInput, Lines } from './collector.ts';
import { isValidPackageName } from './package-name.ts';
import { poetryConstraint } from './poetry-constraint.ts';
import { field, parseToml, strings, table } from './toml.ts';
import type { PythonDependencies } from './types.ts';

/**
 * pyproject.toml: PEP 621 `[project] dependencies` and `optional-dependencies` (PEP 508 strings), and
 * Poetry's `[tool.poetry.dependencies]`, `dev-dependencies` and `group.<name>.dependencies` (caret,
 * tilde and wildcard constraints converted to PEP 440; git, path and url sources noted as such).
 */
export function parsePyproject(text: string, limits: Limits): ParseResult<PythonDependencies> {
  const collector = new Collector('pyproject', limits);
  const early = checkInput(text, collector);
  if (early) return early;
  const doc = parseToml(text, collector);
  if (!doc) return collector.result();
  const lines = new Lines(text);

  const project = field(doc, 'project');
  for (const requirement of strings(field(project, 'dependencies'))) {
    pep508(requirement, undefined, lines, collector);
  }
  const optional = table(field(project, 'optional-dependencies'));
  for (const [group, list] of Object.entries(optional ?? {})) {
    for (const requirement of strings(list)) pep508(requirement, group, lines, collector);
  }

  const poetry = field(field(doc, 'tool'), 'poetry');
  poetryTable(field(poetry, 'dependencies'), undefined, lines, collector);
  poetryTable(field(poetry, 'dev-dependencies'), 'dev', lines, collector);
  for (const [group, body] of Object.entries(table(field(poetry, 'group')) ?? {})) {
    poetryTable(field(body, 'dependencies'), group, lines, collector);
  }
  return collector.result();
}

function pep508(text: string, group: string | undefined, lines: Lines, collector: Collector): void {
  const line = lines.find(text);
  if (!collector.fits(text, line)) return;
  collector.addPep508(text, line, group !== undefined ? { group } : {});
}

function poetryTable(
  value: unknown,
  group: string | undefined,
  lines: Lines,
  collector: Collector,
): void {
  const deps = table(value);
  if (deps === undefined) {
    if (value !== undefined)
      collector.report('PYDEPS_SHAPE', 'a Poetry dependencies entry is not a table');
    return;
  }
  for (const [name, spec] of Object.entries(deps)) {
    if (name.toLowerCase() === 'python') continue;
    const line = lines.find(name);
    if (!collector.fits(name, line)) continue;
    if (!isValidPackageName(name)) {
      collector.bad(line, name, 'not a package name');
      continue;
    }
    // Several constraints for several environments: one requirement each.
    const specs = Array.isArray(spec) ? spec : [spec];
    for (const one of specs) poetryDependency(name, one, group, line, collector);
  }
}

function poetryDependency(
  name: string,
  spec: unknown,
  group: string | undefined,
  line: number,
  collector: Collector,
): void {
  const base = { name, line, ...(group !== undefined ? { group } : {}) };
  if (typeof spec === 'string') {
    const converted = poetryConstraint(spec);
    if (converted === undefined) collector.bad(line, spec, 'not a Poetry version constraint');
    else collector.add({ ...base, specifier: converted });
    return;
  }
  const details = table(spec);
  if (details === undefined) {
    collector.report(
      'PYDEPS_SHAPE',
      `line ${line}: a Poetry dependency is neither a string nor a table`,
    );
    return;
  }
  const extras = strings(field(details, 'extras'));
  const markers = field(details, 'markers');
  const extra = {
    ...base,
    extras,
    ...(typeof markers === 'string' ? { markers } : {}),
  };
  for (const [key, pin] of [
    ['git', 'url'],
    ['url', 'url'],
    ['path', 'path'],
  ] as const) {
    const target = field(details, key);
    if (typeof target === 'string') {
      collector.add({
        ...extra,
        url: target,
        pin: field(details, 'develop') === true ? 'editable' : pin,
      });
      return;
    }
  }
  const version = field(details, 'version');
  const converted = typeof version === 'string' ? poetryConstraint(version) : '';
  if (converted === undefined)
    collector.bad(line, String(version), 'not a Poetry version constraint');
  else collector.add({ ...extra, specifier: converted });
}
