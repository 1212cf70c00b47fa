/**
 * Every issue code readNotebook can report. Codes are the stable contract (the scanner maps them to
 * rules); `fatal` codes end the read (`ok: false`, segments read so far in `partial` where there are
 * any), the others are reported with `ok: true` and reading goes on.
 */
export const NOTEBOOK_ISSUE_CODES = {
  NOTEBOOK_EMPTY: { fatal: true, meaning: 'The input is empty.' },
  NOTEBOOK_TOO_LARGE: { fatal: true, meaning: 'The input exceeds limits.maxBytes.' },
  NOTEBOOK_JSON_SYNTAX: { fatal: true, meaning: 'The input is not valid JSON.' },
  NOTEBOOK_JSON_TOO_DEEP: {
    fatal: true,
    meaning: 'JSON nesting deeper than NOTEBOOK_MAX_JSON_DEPTH (or limits.maxDepth when larger).',
  },
  NOTEBOOK_JSON_TOO_LARGE: {
    fatal: true,
    meaning:
      'More JSON values than limits.maxOps, or an object or array with more than limits.maxEntries members (cells, outputs, lines).',
  },
  NOTEBOOK_STRING_TOO_LONG: {
    fatal: true,
    meaning: 'A JSON string longer than limits.maxStringLength.',
  },
  NOTEBOOK_NOT_A_NOTEBOOK: {
    fatal: true,
    meaning: 'The JSON is not an object with a `cells` array (nbformat v4).',
  },
  NOTEBOOK_UNSUPPORTED_VERSION: {
    fatal: true,
    meaning: 'nbformat 3 or older (cells inside `worksheets`): not read; scan the file as text.',
  },
  NOTEBOOK_TOO_MANY_SEGMENTS: {
    fatal: true,
    meaning: 'More texts to scan than limits.maxEntries; the segments so far are in `partial`.',
  },
  NOTEBOOK_INVALID_UTF8: {
    fatal: false,
    meaning: 'The bytes are not valid UTF-8; invalid sequences were read as U+FFFD.',
  },
  NOTEBOOK_BAD_CELL: {
    fatal: false,
    meaning:
      'A cell that is not an object, or whose source is neither a string nor a list of strings.',
  },
  NOTEBOOK_BAD_OUTPUT: {
    fatal: false,
    meaning: 'An output that is not an object, or a text field of the wrong type.',
  },
  NOTEBOOK_UNKNOWN_OUTPUT_TYPE: {
    fatal: false,
    meaning: 'An output_type nbformat v4 does not define; its strings are scanned anyway.',
  },
} as const;

export type NotebookIssueCode = keyof typeof NOTEBOOK_ISSUE_CODES;
