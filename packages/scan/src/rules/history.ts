import type { RuleDef } from './rule.ts';

/** Unsecured Credentials: what history scanning looks for, so also what an unscanned blob may hide. */
const UNSECURED_CREDENTIALS = 'AML.T0055';

/** Rules `mlsec scan --git` raises about the history scan itself (secrets found keep their own rules). */
export const HISTORY_RULES: readonly RuleDef[] = [
  {
    id: 'git/blob-too-large',
    severity: 'medium',
    title: 'File version in git history too large to scan',
    description:
      'A file version (blob) in the scanned history is larger than the per-blob limit of the history ' +
      'scan, so it was not read. Secrets committed in it, even if the file was later deleted, stay ' +
      'readable to anyone who clones the repository.',
    fix:
      'Check the blob with `git cat-file -p <blob>` or scan a checkout of that commit; large data and ' +
      'model files belong in an artifact store or Git LFS, not in history.',
    atlas: [UNSECURED_CREDENTIALS],
  },
  {
    id: 'git/history-truncated',
    severity: 'medium',
    title: 'Git history only partly scanned (limit reached)',
    description:
      'The history scan stopped at its limit of file versions or total bytes, so older or remaining ' +
      'blobs were not scanned. An unscanned blob is not a clean one.',
    fix:
      'Scan the rest with `--git-range` (e.g. one release at a time), or scan from a machine where ' +
      'higher limits are acceptable.',
    atlas: [UNSECURED_CREDENTIALS],
  },
  {
    id: 'git/blob-unreadable',
    severity: 'low',
    title: 'File version in git history missing from the clone',
    description:
      'A blob named by a commit is not in the local object store (a partial or damaged clone), so it ' +
      'was not scanned. mlsec never fetches missing objects while scanning.',
    fix: 'Scan a full clone (`git clone --no-filter`), or run `git fetch --refetch` first.',
    atlas: [UNSECURED_CREDENTIALS],
  },
];
