import { snippet } from '@mlsec/core';
import type { RepoContext } from '../../engine/context.ts';
import { collectImports, findDangerousUses, tokenizePython } from './python/index.ts';
import type { DangerCategory, DangerousUse, RelativeImport } from './python/index.ts';
import { dirOf, joinPath } from './layout.ts';
import { readBounded } from './read-bounded.ts';
import type { RepoState } from './repo-state.ts';
import type { LoadTimeFiles } from './review-configs.ts';

const CATEGORY_TEXT: Readonly<Record<DangerCategory, string>> = {
  'process-execution': 'runs an operating-system command',
  'dynamic-code': 'evaluates or imports code chosen at run time',
  deserialization: 'deserializes data in a way that can run code',
  network: 'opens a network connection',
  'native-code': 'loads or calls native code',
  filesystem: 'deletes a directory tree',
  obfuscation: 'decodes base64, a common way to hide a payload',
};

const USAGE_TEXT = {
  call: 'calls',
  reference: 'references',
  getattr: 'fetches',
  'star-import': 'star-imports',
};

/** Repository files a relative import may load (`from .utils import x`, `from . import layers`). */
function relativeTargets(file: string, imp: RelativeImport): string[] {
  let base = dirOf(file);
  for (let up = 1; up < imp.level; up += 1) {
    if (base === '') return []; // above the repository: nothing of ours
    base = dirOf(base);
  }
  const modulePath = imp.module.replaceAll('.', '/');
  const targets: string[] = [];
  if (modulePath !== '')
    targets.push(joinPath(base, `${modulePath}.py`), joinPath(base, `${modulePath}/__init__.py`));
  for (const name of imp.names) {
    const sub = joinPath(base, modulePath === '' ? name : `${modulePath}/${name}`);
    targets.push(`${sub}.py`, `${sub}/__init__.py`);
  }
  return targets;
}

function reportUse(
  ctx: RepoContext,
  file: string,
  use: DangerousUse,
  ordinal: number,
  via: string | undefined,
): void {
  const name = snippet(use.name, 80);
  const written = use.written !== use.name ? ` (written ${snippet(use.written, 80)})` : '';
  const note = use.note ? ` ${use.note}` : '';
  const load =
    via === undefined
      ? ''
      : `; the file runs when the model is loaded (referenced from ${snippet(via, 120)})`;
  ctx.report({
    ruleId: 'hf/dangerous-code',
    file,
    line: use.line,
    column: use.column,
    message:
      use.usage === 'star-import'
        ? `${snippet(file, 120)} star-imports ${name}: its names, used bare, can include code that ${CATEGORY_TEXT[use.category]}${load}.`
        : `${snippet(file, 120)} ${USAGE_TEXT[use.usage]} ${name}${written}${note}, which ${CATEGORY_TEXT[use.category]}${load}.`,
    evidence: {
      call: snippet(use.name),
      written: snippet(use.written),
      category: use.category,
      usage: use.usage,
      loadTime: via !== undefined,
      ...(via === undefined ? {} : { referencedBy: via }),
    },
    ...(via === undefined ? {} : { severity: 'critical' as const }),
    key: [snippet(use.name), String(ordinal)],
  });
}

/** One finding for the uses past the per-file cap, so that a noisy file cannot flood the report. */
function reportMore(
  ctx: RepoContext,
  file: string,
  first: DangerousUse,
  more: number,
  via: string | undefined,
): void {
  ctx.report({
    ruleId: 'hf/dangerous-code',
    file,
    line: first.line,
    column: first.column,
    message: `${snippet(file, 120)} has ${more} more dangerous uses from line ${first.line} on, not listed one by one.`,
    evidence: { call: 'more', more, loadTime: via !== undefined },
    ...(via === undefined ? {} : { severity: 'critical' as const }),
    key: ['more'],
  });
}

function notReviewed(ctx: RepoContext, file: string, why: string, code: string): void {
  ctx.report({
    ruleId: 'hf/code-not-reviewed',
    file,
    message: `${file === '' ? 'Python code of this repository' : snippet(file, 120)} was not fully reviewed: ${why}.`,
    evidence: { code },
    key: [code],
  });
}

/**
 * Review the repository's .py files: files that run at load time first (and, transitively, the files
 * they import relatively, which transformers copies and imports with them), then the rest, within the
 * file-count and byte budgets.
 */
export async function reviewPython(
  state: RepoState,
  files: readonly string[],
  loadTime: LoadTimeFiles,
): Promise<void> {
  const { ctx, options } = state;
  const python = new Set(files.filter((f) => f.endsWith('.py')));
  const queue = [...loadTime.keys()].filter((f) => python.has(f));
  const done = new Set<string>();
  let budget = options.maxPythonTotalBytes;
  const skipped: string[] = [];
  const skippedSet = new Set<string>();

  const reviewOne = async (file: string): Promise<void> => {
    const via = loadTime.get(file);
    if (done.size >= options.maxPythonFiles || budget <= 0) {
      skipped.push(file);
      skippedSet.add(file);
      return;
    }
    done.add(file);
    const limit = Math.min(options.maxPythonFileBytes, budget);
    const read = await readBounded(ctx, file, limit);
    if (read === undefined) return notReviewed(ctx, file, 'it could not be read', 'HF_UNREADABLE');
    budget -= Buffer.byteLength(read.text, 'utf8');
    const { tokens, issues } = tokenizePython(read.text, options.maxTokensPerFile);
    const table = collectImports(tokens);
    if (via !== undefined) {
      for (const target of table.relative.flatMap((imp) => relativeTargets(file, imp))) {
        if (python.has(target) && !loadTime.has(target)) {
          loadTime.set(target, file);
          queue.push(target);
        }
      }
    }
    const counts = new Map<string, number>();
    const uses = findDangerousUses(tokens, table);
    for (const use of uses.slice(0, options.maxFindingsPerFile)) {
      const ordinal = counts.get(use.name) ?? 0;
      counts.set(use.name, ordinal + 1);
      reportUse(ctx, file, use, ordinal, via);
    }
    const first = uses[options.maxFindingsPerFile];
    if (first !== undefined)
      reportMore(ctx, file, first, uses.length - options.maxFindingsPerFile, via);
    if (read.truncated)
      notReviewed(ctx, file, `only its first ${limit} bytes were read`, 'HF_PY_TOO_LARGE');
    else if (issues.some((i) => i.code === 'PY_TOO_MANY_TOKENS')) {
      notReviewed(
        ctx,
        file,
        `it has more than ${options.maxTokensPerFile} tokens`,
        'PY_TOO_MANY_TOKENS',
      );
    }
  };

  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (!done.has(next)) await reviewOne(next);
  }
  for (const file of [...python].sort()) {
    if (!done.has(file) && !skippedSet.has(file)) await reviewOne(file);
  }
  if (skipped.length > 0) {
    notReviewed(
      ctx,
      '',
      `${skipped.length} .py files (first: ${snippet(skipped[0] ?? '', 120)}) were over the budget of ` +
        `${options.maxPythonFiles} files or ${options.maxPythonTotalBytes} bytes`,
      'HF_PY_BUDGET',
    );
  }
}
