import type { Detector, ScanContext } from '../../engine/context.ts';
import { dependencyFileKind } from './file-kind.ts';
import { readIncludes } from './includes.ts';
import type { DepsReport, LoadedFile } from './loaded-file.ts';
import { decodeText, depsFileCap, parseDependencyFile } from './parse-file.ts';
import { reportAdvisories } from './report-checks.ts';
import { kindLabel, reportParseIssues } from './report-parse.ts';

export { dependencyFileKind, isLockKind } from './file-kind.ts';
export type { DepsFileKind } from './file-kind.ts';
export { MAX_INCLUDE_DEPTH, MAX_INCLUDED_FILES } from './includes.ts';
export { UNSCORED_ADVISORY_SEVERITY } from './severity.ts';

/** The name that says what kind of file an artifact is: its member name inside archives, else its path. */
function nameOf(ctx: ScanContext): string {
  return ctx.location.member?.at(-1) ?? ctx.location.path;
}

/**
 * Python dependency files (requirements and constraints files, pip freeze output, pyproject.toml,
 * poetry.lock, uv.lock, Pipfile.lock, conda environment files) checked against the advisory
 * database, following `-r`/`-c` includes on disk.
 */
export const dependenciesDetector: Detector = {
  id: 'dependencies',
  formats: ['text', 'json'],
  uses: ['advisories'],
  async run(ctx) {
    const kind = dependencyFileKind(nameOf(ctx));
    if (kind === undefined) return;
    const advisories = ctx.settings.advisories;
    if (!advisories) throw new Error('dependencies detector run without an advisory database');
    const reports: DepsReport[] = [];
    const cap = depsFileCap(ctx.limits);
    if (ctx.source.size > cap) {
      ctx.report({
        ruleId: 'deps/unparseable',
        message: `The ${kindLabel(kind)} is larger than ${cap} bytes, so none of its packages were checked.`,
        evidence: { code: 'PYDEPS_TOO_LARGE', kind },
        key: ['PYDEPS_TOO_LARGE'],
      });
      return;
    }
    const text = decodeText(await ctx.source.read(0, ctx.source.size));
    const top: LoadedFile = {
      path: undefined,
      kind,
      constraint: kind === 'constraints',
      result: parseDependencyFile(kind, text, ctx.limits),
    };
    const included = await readIncludes(
      top,
      { file: ctx.file, path: ctx.location.path, limits: ctx.limits },
      reports,
    );
    const files = [top, ...included];
    for (const file of files) reportParseIssues(file, reports);
    reportAdvisories(files, advisories, reports);
    for (const { path, input } of reports)
      ctx.report(path === undefined ? input : { ...input, path });
  },
};
