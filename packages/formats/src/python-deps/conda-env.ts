import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { Limits, ParseResult } from '@mlsec/core';
import { snippet } from '@mlsec/core';
import { Collector, checkInput } from './collector.ts';
import { isValidPackageName } from './package-name.ts';
import type { PythonDependencies } from './types.ts';

/**
 * conda `environment.yml`: `dependencies:` conda specs (`numpy=1.26.4=py311h_0`, `numpy==1.26`,
 * `conda-forge::numpy>=1.2`, `numpy 1.26.4 py311_0`) and the `pip:` sub-list (PEP 508 or requirement
 * lines). Conda `=1.26.4` (a fuzzy pin, 1.26.4.*) counts as pinned to 1.26.4. YAML anchors and aliases
 * are refused.
 */
export function parseCondaEnvironment(
  text: string,
  limits: Limits,
): ParseResult<PythonDependencies> {
  const collector = new Collector('conda-env', limits);
  const early = checkInput(text, collector);
  if (early) return early;
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unreadable';
    collector.report('PYDEPS_SYNTAX', `not YAML: ${snippet(message, 120)}`, true);
    return collector.result();
  }
  if (doc.errors.length > 0) {
    collector.report(
      'PYDEPS_SYNTAX',
      `not YAML: ${snippet(doc.errors[0]?.message ?? '', 120)}`,
      true,
    );
    return collector.result();
  }
  const root = doc.contents;
  if (!isMap(root)) {
    collector.report('PYDEPS_SHAPE', 'the environment file is not a mapping', true);
    return collector.result();
  }
  const lineOf = (node: Node): number => lineCounter.linePos(node.range?.[0] ?? 0).line;
  const deps = root.get('dependencies', true);
  if (deps === undefined) return collector.result();
  if (isAlias(deps)) {
    collector.report('PYDEPS_YAML_ALIAS', 'YAML aliases are refused');
    return collector.result();
  }
  if (!isSeq(deps)) {
    collector.report('PYDEPS_SHAPE', 'dependencies is not a list');
    return collector.result();
  }
  for (const item of deps.items) {
    if (!collector.room()) break;
    if (isAlias(item)) {
      collector.report('PYDEPS_YAML_ALIAS', 'YAML aliases are refused');
      break;
    }
    if (isScalar(item) && typeof item.value === 'string') {
      conda(item.value, lineOf(item), collector);
    } else if (isMap(item) && isSeq(item.get('pip', true))) {
      const pip = item.get('pip', true);
      for (const entry of isSeq(pip) ? pip.items : []) {
        if (!collector.room()) break;
        if (isAlias(entry)) collector.report('PYDEPS_YAML_ALIAS', 'YAML aliases are refused');
        else if (isScalar(entry) && typeof entry.value === 'string') {
          pipEntry(entry.value, lineOf(entry), collector);
        } else collector.report('PYDEPS_SHAPE', 'a pip: entry is not a string');
      }
    } else {
      collector.report('PYDEPS_SHAPE', 'a dependencies entry is neither a string nor a pip: list');
    }
  }
  return collector.result();
}

/** `[channel::]name[ op version[=build]]`, `name=version[=build]`, `name version [build]`. */
function conda(spec: string, line: number, collector: Collector): void {
  if (!collector.fits(spec, line)) return;
  const text = spec.trim().replace(/^[^:\s]*::/, '');
  const nameEnd = text.search(/[\s=<>!~]/);
  const name = nameEnd === -1 ? text : text.slice(0, nameEnd);
  const rest = nameEnd === -1 ? '' : text.slice(nameEnd).trim();
  if (!isValidPackageName(name)) {
    collector.bad(line, spec, 'not a conda package spec');
    return;
  }
  const base = { name, line, ecosystem: 'conda' as const };
  if (rest === '' || rest === '*') {
    collector.add(base);
    return;
  }
  // `name 1.2.3 build` and `name=1.2.3=build`: an exact version with a build string.
  const spaced = /^(\d[^\s=<>!]*)(?:\s+\S+)?$/.exec(rest);
  const single = /^=(\d[^=<>!,|\s]*)(?:=\S+)?$/.exec(rest);
  const exact = /^==(\d[^=<>!,|\s*]*)$/.exec(rest);
  const version = (spaced?.[1] ?? single?.[1] ?? exact?.[1])?.replace(/\.?\*$/, '');
  if (version !== undefined && version !== '') {
    // `=1.2` without a build is conda's fuzzy pin (1.2.*); with a build string it is exact.
    const fuzzy = single !== null && !/^=[^=]+=\S+$/.test(rest);
    const specifier = fuzzy ? `==${version}.*` : `==${version}`;
    collector.add({ ...base, version, specifier, pin: 'pinned' });
    return;
  }
  if (/^(?:[<>=!~]=?\s*\d[^,|\s]*\s*,?\s*)+$/.test(rest) && !rest.includes('|')) {
    collector.add({ ...base, specifier: rest.replace(/\s+/g, '') });
    return;
  }
  collector.bad(line, spec, 'not a conda package spec');
}

/** A pip: entry: a PEP 508 requirement, or an option line (`-r file`, `-e .`) noted as a reference. */
function pipEntry(text: string, line: number, collector: Collector): void {
  if (!collector.fits(text, line)) return;
  const trimmed = text.trim();
  const include = /^(?:-r|--requirement)[=\s]?\s*(\S+)$/.exec(trimmed);
  if (include?.[1] !== undefined) {
    collector.reference({ kind: 'requirements', path: include[1], line });
    return;
  }
  if (trimmed.startsWith('-')) {
    collector.report(
      'PYDEPS_UNKNOWN_OPTION',
      `line ${line}: pip option ${snippet(trimmed, 40)} not read`,
    );
    return;
  }
  collector.addPep508(trimmed, line);
}
