import { redactRemote } from './redact-remote.ts';
import { runTool } from './run-tool.ts';
import type { SourceFacts } from './types.ts';

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** git status on a huge untracked tree can print a lot; past this we stop reading and call it dirty. */
const STATUS_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Describe the git work tree at `repoDir`: HEAD's commit, the checked-out branch, whether the tree is
 * dirty, and the fetch remote (`origin`, else the first one) with credentials removed. Returns undefined
 * when `repoDir` is not inside a work tree, git is missing, or HEAD has no commit yet.
 *
 * Runs the real `git` with execFile (no shell) and `-c core.fsmonitor=false`, so a repository's own
 * configuration cannot make us start its fsmonitor hook; optional locks are off, so `status` never
 * writes the index.
 */
export async function captureGit(repoDir: string): Promise<SourceFacts | undefined> {
  const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  const git = (args: readonly string[], maxBuffer?: number) =>
    runTool('git', ['-c', 'core.fsmonitor=false', ...args], {
      cwd: repoDir,
      env,
      ...(maxBuffer === undefined ? {} : { maxBuffer }),
    });

  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.stdout.trim() !== 'true') return undefined;
  const head = await git(['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  const commit = head.stdout.trim();
  if (!head.ok || !OBJECT_ID.test(commit)) return undefined;

  const [branch, status, remotes] = await Promise.all([
    git(['symbolic-ref', '--short', '-q', 'HEAD']),
    git(['status', '--porcelain=v1', '-z', '--untracked-files=normal'], STATUS_MAX_BYTES),
    git(['remote']),
  ]);
  const names = remotes.ok ? remotes.stdout.split('\n').filter((n) => n !== '') : [];
  const remoteName = names.includes('origin') ? 'origin' : names[0];
  let remote: string | undefined;
  if (remoteName !== undefined) {
    const url = await git(['remote', 'get-url', '--', remoteName]);
    if (url.ok) remote = redactRemote(url.stdout.trim(), repoDir);
  }
  const branchName = branch.stdout.trim();
  return {
    commit,
    // A failed status (too much output, a broken index) is reported as dirty: never claim clean.
    dirty: !status.ok || status.stdout.length > 0,
    ...(branch.ok && branchName !== '' ? { branch: branchName } : {}),
    ...(remote === undefined ? {} : { remote }),
  };
}
