import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { MlsecError, snippet } from '@mlsec/core';
import type { ErrorCode } from '@mlsec/core';

/**
 * Configuration given on every git command line. Reading history must never run code chosen by the
 * repository (its .git/config, .gitattributes) or by the environment, so everything git could execute on
 * the way is switched off here, and the commands used (`log --raw`, `cat-file --batch[-check]`,
 * `rev-parse`) are ones that read objects only:
 * - no pager (`--no-pager`, GIT_PAGER/PAGER=cat), no colour;
 * - no hooks (`core.hooksPath` to an empty place), no fsmonitor daemon (`core.fsmonitor`);
 * - no signature checks (`log.showSignature` would run gpg/ssh-keygen on every commit);
 * - no external diff or textconv drivers (`--no-ext-diff --no-textconv` on log; cat-file runs neither
 *   without `--textconv`/`--filters`);
 * - no network: a partial clone fetches missing blobs on demand, which runs transports, ssh and
 *   credential helpers; `protocol.allow=never` refuses every transport and GIT_NO_LAZY_FETCH (git 2.45+)
 *   turns lazy fetching off, so a missing blob is reported as missing instead.
 */
const SAFE_CONFIG = [
  'core.quotePath=false',
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.pager=cat',
  'color.ui=false',
  'log.showSignature=false',
  'diff.external=',
  'protocol.allow=never',
];

/** git's global options, before the subcommand. */
export const GIT_GLOBAL_ARGS: readonly string[] = [
  '--no-pager',
  '--no-replace-objects',
  ...SAFE_CONFIG.flatMap((entry) => ['-c', entry]),
];

/**
 * The environment of git: the caller's, minus every GIT_* variable (GIT_DIR, GIT_CONFIG_PARAMETERS,
 * GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND, … would redirect or extend what git does), plus the settings that
 * keep it non-interactive and offline. Paths given as pathspecs are literal (no glob or magic).
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!name.toUpperCase().startsWith('GIT_')) env[name] = value;
  }
  return {
    ...env,
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
  };
}

/** Start `git <global options> <args>` in `cwd`: an argument array, never a shell. */
export function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', [...GIT_GLOBAL_ARGS, ...args], {
    cwd,
    env: gitEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

/** Most stderr text kept for error messages. */
const STDERR_KEEP = 4096;

/** Collects the first bytes of a process's stderr, for error messages. */
export function collectStderr(child: ChildProcessWithoutNullStreams): () => string {
  let text = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (text.length < STDERR_KEEP) text += chunk.toString('utf8').slice(0, STDERR_KEEP);
  });
  return () => text.trim();
}

/** Resolves with the exit code (null when killed); rejects when git could not be started. */
export function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
}

/** The error for a failed start: git missing is its own code. */
export function startError(error: unknown): MlsecError {
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno === 'ENOENT') {
    return new MlsecError('SCAN_GIT_UNAVAILABLE', 'git was not found on PATH', { cause: error });
  }
  return new MlsecError('SCAN_GIT_UNAVAILABLE', `git could not be started (${errno ?? 'error'})`, {
    cause: error,
  });
}

/** An MlsecError with git's own message (escaped and cut: it may echo ref names or paths). */
export function gitError(code: ErrorCode, what: string, stderr: string): MlsecError {
  const detail = stderr === '' ? '' : `: ${snippet(stderr.split('\n')[0] ?? '', 160)}`;
  return new MlsecError(code, `${what}${detail}`);
}

/** Output of a short git command. */
export interface GitOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a git command whose output is small (at most `maxBytes`, cut beyond). */
export async function runGit(
  cwd: string,
  args: readonly string[],
  maxBytes = 64 * 1024,
): Promise<GitOutput> {
  let child;
  try {
    child = spawnGit(cwd, args);
  } catch (error) {
    throw startError(error);
  }
  child.stdin.end();
  const stderr = collectStderr(child);
  const chunks: Buffer[] = [];
  let size = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    if (size < maxBytes) chunks.push(chunk);
    size += chunk.length;
  });
  let code;
  try {
    code = await exitOf(child);
  } catch (error) {
    throw startError(error);
  }
  const stdout = Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
  return { code, stdout, stderr: stderr() };
}
