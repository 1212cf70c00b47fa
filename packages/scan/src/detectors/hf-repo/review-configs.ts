import { snippet } from '@mlsec/core';
import type { RepoContext } from '../../engine/context.ts';
import { findCodeRefs } from './code-refs.ts';
import type { CodeRef } from './code-refs.ts';
import { baseOf, isCodeConfig } from './layout.ts';
import type { RepoState } from './repo-state.ts';

/** Python files that run when the model is loaded, with the configuration that makes them run. */
export type LoadTimeFiles = Map<string, string>;

function reportRef(ctx: RepoContext, file: string, ref: CodeRef, exists: boolean): void {
  const where = `${snippet(file, 120)} maps ${snippet(ref.key, 80)} to "${snippet(ref.reference, 160)}"`;
  const evidence = {
    source: ref.source,
    key: snippet(ref.key),
    reference: snippet(ref.reference),
    module: snippet(ref.module),
    class: snippet(ref.className),
  };
  if (ref.repo !== undefined) {
    ctx.report({
      ruleId: 'hf/remote-code-other-repo',
      file,
      pointer: ref.pointer,
      message:
        `${where}: loading downloads ${snippet(ref.module, 80)}.py from the repository ` +
        `"${snippet(ref.repo, 100)}" and runs it (trust_remote_code=True), code this scan has not seen.`,
      evidence: { ...evidence, repo: snippet(ref.repo) },
      key: [snippet(ref.reference)],
    });
    return;
  }
  const moduleFile = ref.moduleFile ?? `${ref.module}.py`;
  ctx.report({
    ruleId: 'hf/remote-code-required',
    file,
    pointer: ref.pointer,
    message:
      `${where}: loading requires trust_remote_code=True and runs ${snippet(moduleFile, 120)}` +
      (exists ? '.' : ', which is not in the repository.'),
    evidence: { ...evidence, moduleFile: snippet(moduleFile), present: exists },
    key: [snippet(ref.reference)],
  });
}

/**
 * Parse every configuration that can name code (bounded), report unparseable ones and every code
 * reference, and return the .py files of this repository that run at load time.
 */
export async function reviewConfigs(
  state: RepoState,
  files: readonly string[],
): Promise<LoadTimeFiles> {
  const { ctx } = state;
  const loadTime: LoadTimeFiles = new Map();
  const exists = (f: string): boolean => state.fileSet.has(f);
  let tooMany = false;
  for (const file of files.filter((f) => isCodeConfig(baseOf(f)))) {
    const parsed = await state.config(file);
    if (!parsed.ok) {
      const problem = parsed.issues.find((i) => i.fatal) ?? parsed.issues[0];
      if (problem?.code === 'HF_TOO_MANY_CONFIGS') tooMany = true;
      ctx.report({
        ruleId: 'hf/unparseable-config',
        file,
        message:
          `${snippet(file, 120)} could not be parsed (${problem?.code ?? 'HF_JSON_SYNTAX'}: ` +
          `${problem?.message ?? 'invalid JSON'}), so the code it may reference was not checked.`,
        evidence: { code: problem?.code ?? 'HF_JSON_SYNTAX' },
        key: [problem?.code ?? 'HF_JSON_SYNTAX'],
      });
      if (tooMany) break; // one finding says the rest were not read
      continue;
    }
    for (const ref of findCodeRefs(file, parsed.value, exists)) {
      const present = ref.moduleFile !== undefined && exists(ref.moduleFile);
      reportRef(ctx, file, ref, present);
      if (present && ref.moduleFile !== undefined && !loadTime.has(ref.moduleFile)) {
        loadTime.set(ref.moduleFile, file);
      }
    }
  }
  return loadTime;
}
