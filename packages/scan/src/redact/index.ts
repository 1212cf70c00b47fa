/**
 * Redaction: a copy of a text file or Jupyter notebook with every secret replaced by
 * `[REDACTED:<rule-id>]` (notebooks: inside their JSON strings, environment-dump outputs replaced,
 * outputs optionally cleared), checked again with the same rules. Used by `mlsec redact`.
 */
export { redactBytes } from './redact.ts';
export { placeholder } from './secret-spans.ts';
export { REDACT_MAX_BYTES } from './types.ts';
export type { RedactOptions, RedactResult, RedactLocation } from './types.ts';
