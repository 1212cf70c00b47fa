/**
 * Every issue code analysePickle can report, with what it means. Codes are the stable contract (the
 * scanner maps them to rules); `fatal` codes end the analysis (`ok: false`, the analysis so far in
 * `partial`), the others are reported with `ok: true` and decoding goes on.
 */
export const PICKLE_ISSUE_CODES = {
  PICKLE_EMPTY: { fatal: true, meaning: 'The input is empty.' },
  PICKLE_TRUNCATED: {
    fatal: true,
    meaning: 'The input ends inside an opcode, a FRAME, or before STOP.',
  },
  PICKLE_UNKNOWN_OPCODE: {
    fatal: true,
    meaning: 'A byte that is not a pickle opcode (CPython: invalid load key).',
  },
  PICKLE_NEGATIVE_LENGTH: { fatal: true, meaning: 'BINSTRING or LONG4 with a negative length.' },
  PICKLE_INTEGER_TOO_LARGE: { fatal: true, meaning: 'A 64-bit length past 2^53.' },
  PICKLE_STRING_TOO_LONG: {
    fatal: true,
    meaning: 'A protocol 0 text line longer than limits.maxStringLength.',
  },
  PICKLE_TOO_MANY_OPS: { fatal: true, meaning: 'More than limits.maxOps opcodes.' },
  PICKLE_STACK_TOO_LARGE: { fatal: true, meaning: 'The stack and marks exceed limits.maxEntries.' },
  PICKLE_TOO_MANY_GLOBALS: {
    fatal: true,
    meaning: 'More than twice limits.maxEntries distinct imports.',
  },
  PICKLE_TOO_MANY_CALLS: {
    fatal: true,
    meaning: 'More than twice limits.maxEntries distinct calls.',
  },
  PICKLE_INPUT_TOO_LARGE: {
    fatal: true,
    meaning: 'The input exceeds limits.maxBytes; only its start was analysed.',
  },
  PICKLE_INTERNAL_ERROR: {
    fatal: true,
    meaning: 'A bug in the analyser; the input is treated as unparseable.',
  },
  JOBLIB_ARRAY_UNKNOWN_SIZE: {
    fatal: true,
    meaning: 'A joblib array whose data size cannot be derived (dtype, shape, state).',
  },
  JOBLIB_ARRAY_TRUNCATED: {
    fatal: true,
    meaning: 'A joblib array longer than the bytes that remain.',
  },
  TRAILING_DATA: {
    fatal: false,
    meaning: 'Bytes after a STOP that are not a pickle (offset: where they start).',
  },
  PICKLE_STACK_UNDERFLOW: {
    fatal: false,
    meaning: 'An opcode needs more values than the stack holds above the last MARK.',
  },
  PICKLE_MARK_MISSING: { fatal: false, meaning: 'A mark-consuming opcode without MARK.' },
  PICKLE_MEMO_MISSING: { fatal: false, meaning: 'GET of a memo index never PUT.' },
  PICKLE_BAD_MEMO_INDEX: { fatal: false, meaning: 'PUT with a negative or unparseable index.' },
  PICKLE_MEMO_TOO_LARGE: {
    fatal: false,
    meaning: 'The memo exceeds limits.maxEntries; newer entries are not kept.',
  },
  PICKLE_CONTAINER_TOO_LARGE: {
    fatal: false,
    meaning: 'A list, dict or set exceeds limits.maxEntries; the rest is not tracked.',
  },
  PICKLE_BAD_TEXT_ARG: {
    fatal: false,
    meaning: 'A protocol 0 number or string CPython would reject.',
  },
  PICKLE_STRING_TRUNCATED: {
    fatal: false,
    meaning: 'A string longer than limits.maxStringLength; only its start is analysed.',
  },
  PICKLE_BAD_OPERANDS: {
    fatal: false,
    meaning:
      'Operands of the wrong type (STACK_GLOBAL of non-str, OBJ without class, odd DICT...).',
  },
  PICKLE_DYNAMIC_GLOBAL: {
    fatal: false,
    meaning: 'STACK_GLOBAL of a module or name computed at load time.',
  },
  PICKLE_BAD_GLOBAL_NAME: {
    fatal: false,
    meaning: 'An imported module or name that is not a plain dotted identifier.',
  },
  PICKLE_UNSUPPORTED_PROTOCOL: { fatal: false, meaning: 'PROTO above 5.' },
  PICKLE_BAD_EXTENSION_CODE: { fatal: false, meaning: 'EXT code <= 0.' },
  PICKLE_OUT_OF_BAND_BUFFER: {
    fatal: false,
    meaning: 'NEXT_BUFFER: the pickle needs out-of-band buffers.',
  },
  PICKLE_EMBEDDED_MALFORMED: {
    fatal: false,
    meaning: 'Bytes passed to pickle.loads & co. are not a valid pickle.',
  },
  PICKLE_EMBEDDED_TOO_DEEP: {
    fatal: false,
    meaning: 'Pickles loading pickles more than limits.maxDepth deep.',
  },
  PICKLE_EVIDENCE_BUDGET: {
    fatal: false,
    meaning: 'So many calls that later renderings are cut short.',
  },
  PICKLE_TOO_MANY_ISSUES: {
    fatal: false,
    meaning: 'More than 10 issues of one code; the rest are not listed.',
  },
  JOBLIB_ARRAY_INSIDE_FRAME: {
    fatal: false,
    meaning: 'joblib array data read from past the end of the current frame.',
  },
  PICKLE_LISTING_TRUNCATED: {
    fatal: false,
    meaning: 'disassemble() only: the listing was cut at maxLines.',
  },
} as const;

export type PickleIssueCode = keyof typeof PICKLE_ISSUE_CODES;
