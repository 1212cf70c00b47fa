/**
 * Issue codes of the Python dependency file parsers. Fatal codes end parsing (`ok: false`); the others
 * are reported with the requirements that could be read.
 */
export const PYDEPS_ISSUE_CODES = {
  PYDEPS_EMPTY: { fatal: true, meaning: 'The file is empty: it lists nothing to check.' },
  PYDEPS_TOO_LARGE: { fatal: true, meaning: 'The file is longer than limits.maxBytes.' },
  PYDEPS_SYNTAX: { fatal: true, meaning: 'The TOML, YAML or JSON text does not parse.' },
  PYDEPS_SHAPE: {
    fatal: false,
    meaning: 'A table, list or entry has the wrong type; it is skipped (fatal for the top level).',
  },
  PYDEPS_TOO_MANY: {
    fatal: false,
    meaning: 'More than limits.maxEntries requirements; the rest are not read.',
  },
  PYDEPS_LINE_TOO_LONG: {
    fatal: false,
    meaning: 'A line or value longer than limits.maxStringLength; it is skipped.',
  },
  PYDEPS_BAD_REQUIREMENT: {
    fatal: false,
    meaning: 'A requirement that is not PEP 508 (or not a conda spec); it is skipped.',
  },
  PYDEPS_UNKNOWN_OPTION: {
    fatal: false,
    meaning: 'A requirements file option pip does not document; it is ignored.',
  },
  PYDEPS_YAML_ALIAS: { fatal: true, meaning: 'The YAML uses anchors and aliases; refused.' },
} as const;

export type PydepsIssueCode = keyof typeof PYDEPS_ISSUE_CODES;
