import { MlsecError } from '@mlsec/core';
import { looksLikeNotebook } from '@mlsec/formats';
import { redactNotebookText } from './redact-notebook.ts';
import { findSecretSpans, lineColumn, replaceSpans } from './secret-spans.ts';
import type { RedactLocation, RedactOptions, RedactResult } from './types.ts';
import { REDACT_MAX_BYTES } from './types.ts';
import { remainingInNotebook, remainingInText } from './verify.ts';

/** How much of the start of a file is searched for NUL bytes to call it binary (as git does). */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Write a copy of a text file or notebook with every secret the rules find replaced by
 * `[REDACTED:<rule-id>]`, then scan the result again with the same rules: `remaining` lists what is
 * still found (empty when the redaction is complete). Text files stay byte-identical outside the
 * secrets (UTF-8, or byte for byte as Latin-1 when not UTF-8); notebooks are edited inside their JSON
 * strings (see redactNotebookText). Throws MlsecError SCAN_REDACT_TOO_LARGE, SCAN_REDACT_BINARY or
 * SCAN_REDACT_NOTEBOOK_INVALID for input it will not rewrite.
 *
 * @example
 * const result = redactBytes(bytes, { config: mlSecretsConfig(), path: 'train.ipynb' });
 * if (result.remaining.length === 0) await writeFile('train.redacted.ipynb', result.bytes);
 */
export function redactBytes(bytes: Uint8Array, options: RedactOptions): RedactResult {
  const maxBytes = options.maxBytes ?? REDACT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new MlsecError(
      'SCAN_REDACT_TOO_LARGE',
      `the file is ${bytes.length} bytes, more than the redaction limit of ${maxBytes}`,
    );
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    throw new MlsecError('SCAN_REDACT_BINARY', 'the file holds NUL bytes: it is not a text file');
  }
  const notebook =
    options.notebook ??
    ((options.path?.toLowerCase().endsWith('.ipynb') ?? false) || looksLikeNotebook(bytes, bytes));
  return notebook ? redactNotebook(bytes, { ...options, maxBytes }) : redactText(bytes, options);
}

function redactNotebook(
  bytes: Uint8Array,
  options: RedactOptions & { readonly maxBytes: number },
): RedactResult {
  const done = redactNotebookText(bytes, options);
  const changed = done.text !== new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const out = changed ? new TextEncoder().encode(done.text) : bytes;
  return {
    kind: 'notebook',
    bytes: out,
    changed,
    redactions: done.redactions,
    environmentDumps: done.environmentDumps,
    outputsCleared: done.outputsCleared,
    cellsTouched: done.cellsTouched,
    outputsTouched: done.outputsTouched,
    remaining: remainingInNotebook(out, options.config, options.path),
  };
}

function redactText(bytes: Uint8Array, options: RedactOptions): RedactResult {
  let utf8 = true;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Not UTF-8: Latin-1 maps each byte to one character and back, so nothing else changes.
    utf8 = false;
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
  const spans = findSecretSpans(text, options.config, options.path);
  const redactions: RedactLocation[] = spans.map((s) => ({
    ruleId: s.ruleId,
    ...lineColumn(text, s.start),
  }));
  const redacted = replaceSpans(text, spans);
  const changed = spans.length > 0;
  const out = !changed
    ? bytes
    : utf8
      ? new TextEncoder().encode(redacted)
      : new Uint8Array(Buffer.from(redacted, 'latin1'));
  return {
    kind: 'text',
    bytes: out,
    changed,
    redactions,
    environmentDumps: 0,
    outputsCleared: 0,
    cellsTouched: 0,
    outputsTouched: 0,
    remaining: remainingInText(redacted, options.config, options.path),
  };
}
