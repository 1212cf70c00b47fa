import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { posix } from 'node:path';
import { readFileBounded, snippet } from '@mlsec/core';
import type { Limits, Severity } from '@mlsec/core';
import type { RequirementReference } from '@mlsec/formats';
import { decodeText, depsFileCap, parseDependencyFile } from './parse-file.ts';
import { dependenciesOf, hideCredentials } from './loaded-file.ts';
import type { DepsReport, LoadedFile } from './loaded-file.ts';

/** Deepest `-r`/`-c` nesting followed below the scanned file. */
export const MAX_INCLUDE_DEPTH = 5;
/** Most files read through includes for one scanned file. */
export const MAX_INCLUDED_FILES = 100;

/** Where the scanned file is, for resolving its includes. */
export interface IncludeOrigin {
  /** Absolute path on disk; undefined inside archives (includes are then not followed). */
  readonly file: string | undefined;
  /** Location path of the scanned file (relative to the scan root, '/' separators). */
  readonly path: string;
  readonly limits: Limits;
}

type NotFollowed = 'archive' | 'url' | 'outside' | 'depth' | 'too-many' | 'cycle';

const WHY: Readonly<Record<NotFollowed, string>> = {
  archive:
    'the file was not read from disk (it is inside an archive), so files next to it cannot be read',
  url: 'it is a URL, and mlsec does not download',
  outside: 'it leads outside the scanned folder',
  depth: `includes nest deeper than ${MAX_INCLUDE_DEPTH} levels`,
  'too-many': `more than ${MAX_INCLUDED_FILES} files are included`,
  cycle: 'it includes a file that includes this one (a cycle; each file is checked once)',
};

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Read the files `top` includes with `-r`/`-c` (pip resolves them relative to the including file),
 * recursively, parsed as requirements files. Bounded: depth MAX_INCLUDE_DEPTH, MAX_INCLUDED_FILES files,
 * each at most depsFileCap bytes; only files inside the scan root (after resolving symbolic links)
 * are read, so a hostile repository cannot pull a file such as ~/.netrc into the report. Includes that
 * are not read are reported: unreadable ones as deps/include-unreadable (fail closed), the others as
 * deps/include-not-followed. Returns the included files in reading order.
 */
export async function readIncludes(
  top: LoadedFile,
  origin: IncludeOrigin,
  reports: DepsReport[],
): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  const boundary =
    origin.file === undefined ? undefined : await scanBoundary(origin.file, origin.path);
  const seen = new Set<string>();
  if (origin.file !== undefined) seen.add(await realOrSelf(origin.file));

  const visit = async (
    unit: LoadedFile,
    file: string | undefined,
    stack: readonly string[],
  ): Promise<void> => {
    for (const ref of dependenciesOf(unit.result)?.references ?? []) {
      const skip = (reason: NotFollowed, severity?: Severity): void => {
        reports.push(notFollowed(unit.path, ref, reason, severity));
      };
      if (URL_LIKE.test(ref.path)) skip('url');
      else if (file === undefined || boundary === undefined) skip('archive');
      else if (stack.length > MAX_INCLUDE_DEPTH) skip('depth');
      else if (out.length >= MAX_INCLUDED_FILES) skip('too-many');
      else {
        const target = resolve(dirname(file), ref.path);
        const real = await realOrUndefined(target);
        if (
          !inside(boundary.lexical, target) ||
          (real !== undefined && !inside(boundary.real, real))
        )
          skip('outside');
        else if (real === undefined)
          reports.push(unreadable(unit.path, ref, 'the file does not exist'));
        else if (stack.includes(real)) skip('cycle', 'low');
        else if (!seen.has(real)) {
          seen.add(real);
          const child = await readIncluded(target, ref, unit, origin, reports);
          if (child) {
            out.push(child);
            await visit(child, target, [...stack, real]);
          }
        }
      }
    }
  };
  const topReal = origin.file === undefined ? undefined : await realOrSelf(origin.file);
  await visit(top, origin.file, topReal === undefined ? [] : [topReal]);
  return out;
}

async function readIncluded(
  target: string,
  ref: RequirementReference,
  parent: LoadedFile,
  origin: IncludeOrigin,
  reports: DepsReport[],
): Promise<LoadedFile | undefined> {
  const cap = depsFileCap(origin.limits);
  let read;
  try {
    read = await readFileBounded(target, cap, { refuseLarger: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    reports.push(unreadable(parent.path, ref, `it cannot be read (${snippet(code, 40)})`));
    return undefined;
  }
  if (read === undefined) {
    reports.push(unreadable(parent.path, ref, 'it is not a regular file'));
    return undefined;
  }
  if (read.truncated) {
    reports.push(unreadable(parent.path, ref, `it is larger than ${cap} bytes`));
    return undefined;
  }
  const constraint = parent.constraint || ref.kind === 'constraints';
  const kind = constraint ? 'constraints' : 'requirements';
  return {
    path: locationOf(target, origin),
    kind,
    constraint,
    result: parseDependencyFile(kind, decodeText(read.bytes), origin.limits),
  };
}

/**
 * The folder includes must stay in: the scan root (the scanned file's location path is relative to
 * it), or the scanned file's own folder when that path climbs out of the root with `..`.
 */
async function scanBoundary(
  file: string,
  path: string,
): Promise<{ readonly lexical: string; readonly real: string }> {
  const segments = path.split('/');
  const up = segments.includes('..') ? 0 : segments.length - 1;
  const lexical = resolve(dirname(file), ...Array<string>(up).fill('..'));
  return { lexical, real: await realOrSelf(lexical) };
}

/** The location path of an included file: relative to the scan root like the scanned file's. */
function locationOf(target: string, origin: IncludeOrigin): string {
  const fromTop = relative(dirname(origin.file ?? target), target)
    .split(sep)
    .join('/');
  return posix.normalize(posix.join(posix.dirname(origin.path), fromTop));
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

async function realOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

async function realOrSelf(path: string): Promise<string> {
  return (await realOrUndefined(path)) ?? resolve(path);
}

function includeFlag(ref: RequirementReference): string {
  return ref.kind === 'constraints' ? '-c' : '-r';
}

function notFollowed(
  path: string | undefined,
  ref: RequirementReference,
  reason: NotFollowed,
  severity?: Severity,
): DepsReport {
  const include = snippet(hideCredentials(ref.path), 200);
  return {
    path,
    input: {
      ruleId: 'deps/include-not-followed',
      message:
        `The include ${includeFlag(ref)} ${include} was not followed: ${WHY[reason]}; ` +
        'the packages it lists were not checked.',
      line: ref.line,
      evidence: { include, reason },
      key: [ref.path, reason],
      ...(severity !== undefined ? { severity } : {}),
    },
  };
}

function unreadable(path: string | undefined, ref: RequirementReference, why: string): DepsReport {
  const include = snippet(hideCredentials(ref.path), 200);
  return {
    path,
    input: {
      ruleId: 'deps/include-unreadable',
      message:
        `The included file ${includeFlag(ref)} ${include} could not be read: ${why}; ` +
        'the packages it lists were not checked.',
      line: ref.line,
      evidence: { include, reason: why },
      key: [ref.path],
    },
  };
}
