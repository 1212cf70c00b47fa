import type { Limits } from '@mlsec/core';
import type { SecretsConfig } from '../secrets/index.ts';

/** What to redact and how. */
export interface RedactOptions {
  /** The rules (mlSecretsConfig(), or a --secrets-config file). */
  readonly config: SecretsConfig;
  /** The file's path, for path-scoped rules and allowlists and to tell a `.ipynb`. */
  readonly path?: string;
  /** Notebooks: drop every code cell's outputs, as `jupyter nbconvert --clear-output` does. */
  readonly clearOutputs?: boolean;
  /** Treat the input as a notebook (true), as text (false), or decide from path and content (unset). */
  readonly notebook?: boolean;
  /** Largest input accepted (default REDACT_MAX_BYTES). */
  readonly maxBytes?: number;
}

/** Where a redacted or remaining secret is. Never the secret itself. */
export interface RedactLocation {
  readonly ruleId: string;
  /** 1-based line and column: of the file for text, of the cell source or output for notebooks. */
  readonly line: number;
  readonly column: number;
  /** Notebooks: 0-based cell index, its id, the part of it, the output index. */
  readonly cell?: number;
  readonly cellId?: string;
  readonly part?: 'source' | 'output' | 'metadata' | 'raw';
  readonly output?: number;
  /** Notebooks: JSON pointer of the string that held it. */
  readonly pointer?: string;
}

/** What redact did. */
export interface RedactResult {
  readonly kind: 'text' | 'notebook';
  /** The redacted file. */
  readonly bytes: Uint8Array;
  /** False when nothing needed changing (bytes are then the input's). */
  readonly changed: boolean;
  /** Every secret replaced (or removed with a cleared or replaced output). */
  readonly redactions: readonly RedactLocation[];
  /** Notebooks: outputs whose environment dump was replaced by a notice. */
  readonly environmentDumps: number;
  /** Notebooks: outputs dropped by clearOutputs. */
  readonly outputsCleared: number;
  /** Notebooks: cells and outputs changed. */
  readonly cellsTouched: number;
  readonly outputsTouched: number;
  /** What the same rules still find in the written bytes (empty when the redaction is complete). */
  readonly remaining: readonly RedactLocation[];
}

/** Largest file redact reads into memory. */
export const REDACT_MAX_BYTES = 64 * 1024 * 1024;

/** Limits for reading a notebook to redact: the file bound is the only size bound that matters. */
export function redactLimits(base: Limits, maxBytes: number): Limits {
  return { ...base, maxBytes, maxStringLength: maxBytes, maxEntries: 1_000_000 };
}
