/**
 * Jupyter notebooks (nbformat v4): the decoded texts a secret scanner should see (cell sources,
 * outputs, metadata), each with its cell, output and JSON pointer, and detection of environment dumps
 * saved in outputs. Issue codes: NOTEBOOK_ISSUE_CODES.
 */
export { readNotebook, NOTEBOOK_MAX_JSON_DEPTH } from './read-notebook.ts';
export { looksLikeNotebook } from './looks-like-notebook.ts';
export { locateInSegment } from './locate.ts';
export { stripAnsi, stripAnsiMapped } from './ansi.ts';
export { isTextMime } from './text-mime.ts';
export { findEnvironmentDumps, MIN_DUMP_VARIABLES } from './env-dump.ts';
export type { EnvironmentDump, EnvironmentDumpForm } from './env-dump.ts';
export { SECRET_ENV_NAMES, SECRET_ENV_SUFFIX, COMMON_ENV_NAMES } from './secret-env-names.ts';
export { NOTEBOOK_ISSUE_CODES } from './issue-codes.ts';
export type { NotebookIssueCode } from './issue-codes.ts';
export type {
  Notebook,
  NotebookPosition,
  NotebookSegment,
  NotebookSegmentKind,
  NotebookLocation,
  NotebookSegmentPart,
} from './types.ts';
