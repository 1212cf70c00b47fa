import { MlsecError } from '@mlsec/core';
import { collectStderr, exitOf, gitError, spawnGit, startError } from './git-process.ts';

/** A file version (blob) of the history, with the first commit that introduced it. */
export interface HistoryBlob {
  readonly oid: string;
  /** Path in the repository ('/' separators) where the blob first appeared. */
  readonly path: string;
  /** Full id of that commit. */
  readonly commit: string;
  /** Author date of that commit, ISO 8601. */
  readonly date: string;
  /** Other paths the same blob appeared at later (copies, renames), at most MAX_OTHER_PATHS. */
  readonly otherPaths: string[];
}

/** What the walk of the history found. */
export interface BlobListing {
  /** Distinct blobs, oldest commit first. */
  readonly blobs: HistoryBlob[];
  /** Commits walked. */
  readonly commits: number;
  /** True when more distinct blobs exist than `maxBlobs`. */
  readonly truncated: boolean;
}

export interface ListOptions {
  /** A revision or range (`main..feature`); default: every ref (`--all`). */
  readonly range?: string;
  /** Limit to this path of the repository ('' or undefined: all). */
  readonly pathspec?: string;
  readonly maxBlobs: number;
}

/** Other paths kept per blob: enough to name a rename or copy, bounded for repositories of copies. */
export const MAX_OTHER_PATHS = 8;
/** Longest path or header token accepted from git's output. */
const MAX_TOKEN = 64 * 1024;
/** Regular files only: 120000 are symlinks (the blob is a link target), 160000 submodule commits. */
const REGULAR_MODES = new Set(['100644', '100755', '100664']);
const RAW_ENTRY = /^:(\d{6}) (\d{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) ([A-Z])\d*$/;
/** `%x01<commit> <author date>`: the \x01 marks a header, which a raw entry never starts with. */
const HEADER_MARK = '\u0001';
const HEADER = /^([0-9a-f]{40,64}) (\S+)$/;

/**
 * The `git log` arguments: every commit oldest first (parents before children), each with the files
 * it changed against its first parent (merges included, so a conflict resolution that adds a secret is
 * seen; blobs a merge brings from its other parents were already seen in their own commits). Raw,
 * NUL-separated output: paths come unquoted and whatever bytes they hold.
 */
export function logArgs(options: ListOptions): string[] {
  const args = [
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--root',
    '--full-history',
    '--diff-merges=first-parent',
    '--topo-order',
    '--reverse',
    '--format=%x01%H %aI',
  ];
  if (options.range === undefined) args.push('--all');
  else args.push('--end-of-options', options.range);
  args.push('--');
  if (options.pathspec) args.push(options.pathspec);
  return args;
}

/** Splits a byte stream at NUL bytes, keeping each token bounded. */
class NulSplitter {
  private rest: Buffer = Buffer.alloc(0);

  *push(chunk: Buffer): Generator<string> {
    let data = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = data.indexOf(0);
    while (at >= 0) {
      yield data.subarray(0, at).toString('utf8');
      data = data.subarray(at + 1);
      at = data.indexOf(0);
    }
    if (data.length > MAX_TOKEN) {
      throw new MlsecError(
        'SCAN_GIT_FAILED',
        `git log wrote a token longer than ${MAX_TOKEN} bytes`,
      );
    }
    this.rest = Buffer.from(data);
  }
}

/**
 * Walk the history with `git log` and list every distinct blob a commit introduced, each with the first
 * (oldest) commit and path it appeared at. Stops at `maxBlobs` distinct blobs.
 */
export async function listHistoryBlobs(top: string, options: ListOptions): Promise<BlobListing> {
  if (options.range?.startsWith('-') === true || options.range === '') {
    throw new MlsecError('SCAN_GIT_BAD_RANGE', 'the git range must not be empty or start with -');
  }
  let child;
  try {
    child = spawnGit(top, logArgs(options));
  } catch (error) {
    throw startError(error);
  }
  child.stdin.end();
  const stderr = collectStderr(child);
  const exit = exitOf(child);
  const byOid = new Map<string, HistoryBlob>();
  const blobs: HistoryBlob[] = [];
  const splitter = new NulSplitter();
  let commit: { id: string; date: string } | undefined;
  let commits = 0;
  let pending: { oid: string } | undefined; // a raw entry whose path token comes next
  let truncated = false;

  const take = (token: string): void => {
    if (pending) {
      const oid = pending.oid;
      pending = undefined;
      const seen = byOid.get(oid);
      if (seen) {
        if (seen.path !== token && !seen.otherPaths.includes(token)) {
          if (seen.otherPaths.length < MAX_OTHER_PATHS) seen.otherPaths.push(token);
        }
        return;
      }
      if (!commit) throw new MlsecError('SCAN_GIT_FAILED', 'git log listed a file before a commit');
      if (blobs.length >= options.maxBlobs) {
        truncated = true;
        return;
      }
      const blob: HistoryBlob = {
        oid,
        path: token,
        commit: commit.id,
        date: commit.date,
        otherPaths: [],
      };
      byOid.set(oid, blob);
      blobs.push(blob);
      return;
    }
    const text = token.startsWith('\n') ? token.slice(1) : token;
    if (text === '') return;
    const header = text.startsWith(HEADER_MARK) ? HEADER.exec(text.slice(1)) : null;
    if (header) {
      commit = { id: header[1] ?? '', date: header[2] ?? '' };
      commits += 1;
      return;
    }
    const entry = RAW_ENTRY.exec(text);
    if (!entry) throw new MlsecError('SCAN_GIT_FAILED', 'git log wrote a line mlsec cannot parse');
    const [, , newMode = '', , newOid = '', status = ''] = entry;
    const added = status === 'A' || status === 'M' || status === 'T';
    // Skipped entries still have a path token: consume it with an oid that is never recorded.
    pending = { oid: added && REGULAR_MODES.has(newMode) && !/^0+$/.test(newOid) ? newOid : '' };
  };

  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      for (const token of splitter.push(chunk)) {
        if (pending?.oid === '') {
          pending = undefined; // path of an entry that adds no regular file
          continue;
        }
        take(token);
      }
      if (truncated) break;
    }
  } catch (error) {
    child.kill();
    await exit.catch(() => undefined);
    throw error;
  }
  if (truncated) {
    child.kill();
    await exit.catch(() => undefined);
    return { blobs, commits, truncated };
  }
  let code;
  try {
    code = await exit;
  } catch (error) {
    throw startError(error);
  }
  if (code !== 0) {
    const message = stderr();
    const badRange =
      options.range !== undefined &&
      /unknown revision|bad revision|ambiguous argument|invalid symmetric difference|bad object/.test(
        message,
      );
    throw gitError(
      badRange ? 'SCAN_GIT_BAD_RANGE' : 'SCAN_GIT_FAILED',
      badRange ? 'git does not know the range' : 'git log failed',
      message,
    );
  }
  return { blobs, commits, truncated };
}
