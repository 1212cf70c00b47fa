/** Documented exit codes of every mlsec command (see README and architecture.md). */
export const EXIT = {
  /** Nothing at or above --fail-on. */
  ok: 0,
  /** Findings at or above --fail-on (or, for verify-like commands, not verified). */
  findings: 1,
  /** Usage, configuration or I/O error. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
