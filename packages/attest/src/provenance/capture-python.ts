import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './run-tool.ts';
import type { FileDigest, PythonFacts } from './types.ts';

/** Lock and requirement files recorded when present in the repository root. */
const LOCK_FILE =
  /^(?:requirements[^/\\]*\.txt|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|environment\.ya?ml|conda-lock\.ya?ml)$/;
/** Most `pip freeze` lines kept in the statement (its digest always covers the whole output). */
const MAX_PIP_PACKAGES = 10_000;

/** Options for {@link capturePython}. */
export interface CapturePythonOptions {
  /** Run `python3 -m pip freeze` (default true). It takes a second or two and never fails the capture. */
  readonly pipFreeze?: boolean;
  /** Milliseconds allowed for each pip call (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Python environment evidence from `repoDir`: SHA-256 of each lock file in it (requirements*.txt,
 * poetry.lock, Pipfile.lock, uv.lock, pdm.lock, environment.yml, conda-lock.yml; regular files only,
 * sorted by name), and `pip freeze` when `python3 -m pip` exists.
 */
export async function capturePython(
  repoDir: string,
  options: CapturePythonOptions = {},
): Promise<PythonFacts> {
  const [lockFiles, pipFreeze] = await Promise.all([
    hashLockFiles(repoDir),
    options.pipFreeze === false ? undefined : runPipFreeze(options.timeoutMs ?? 30_000),
  ]);
  return pipFreeze === undefined ? { lockFiles } : { lockFiles, pipFreeze };
}

async function hashLockFiles(repoDir: string): Promise<FileDigest[]> {
  let entries;
  try {
    entries = await readdir(repoDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const names = entries
    .filter((e) => e.isFile() && LOCK_FILE.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: FileDigest[] = [];
  for (const name of names) {
    const sha256 = await sha256File(join(repoDir, name));
    if (sha256 !== undefined) out.push({ name, sha256 });
  }
  return out;
}

function sha256File(path: string): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolvePromise(undefined))
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

async function runPipFreeze(timeoutMs: number): Promise<PythonFacts['pipFreeze']> {
  // `python3 -m` puts its working folder first on sys.path, so it runs in a fresh empty folder, never
  // the repository (a pip/ folder there would be imported). PYTHONSAFEPATH does the same on 3.11+;
  // the version check is off so pip stays offline.
  const env = {
    ...process.env,
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PYTHONSAFEPATH: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  let cwd: string;
  try {
    cwd = await mkdtemp(join(tmpdir(), 'mlsec-pip-'));
  } catch {
    return undefined;
  }
  try {
    const run = await runTool('python3', ['-m', 'pip', 'freeze'], {
      cwd,
      env,
      timeoutMs,
      maxBuffer: 16 << 20,
    });
    if (!run.ok) return undefined;
    return {
      sha256: createHash('sha256').update(run.stdout, 'utf8').digest('hex'),
      packages: parsePipFreeze(run.stdout),
    };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Requirement lines of `pip freeze` output: comments and blanks dropped, at most 10,000 kept. */
export function parsePipFreeze(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .slice(0, MAX_PIP_PACKAGES);
}
