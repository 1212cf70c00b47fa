import { MlsecError } from '@mlsec/core';
import { HASH_SIZE } from './hash.ts';
import { DEFAULT_NOTE_LIMITS } from './note.ts';
import type { NoteLimits, OpenedNote } from './note.ts';
import type { NoteVerifier } from './note-key.ts';
import { openNote } from './note-open.ts';
import { failure, success } from './result.ts';
import type { TlogResult } from './result.ts';
import { decodeBase64, encodeBase64 } from './text-rules.ts';

/** A tree head as a C2SP tlog-checkpoint states it. */
export interface Checkpoint {
  /** The log's identity, e.g. `registry.example.com/log`. */
  readonly origin: string;
  /** The number of leaves. */
  readonly size: number;
  /** MTH of the first `size` leaves. */
  readonly root: Uint8Array;
  /** Opaque, non-empty extension lines (NOT RECOMMENDED by the spec; kept for round trips). */
  readonly extensions: readonly string[];
}

/** A checkpoint whose note verified. */
export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

const SIZE = /^(?:0|[1-9][0-9]*)$/;

/**
 * The note text of a checkpoint: origin, size, base64 root and extension lines, each ending in a
 * newline (c2sp.org/tlog-checkpoint). Throws REGISTRY_TLOG_CHECKPOINT_MALFORMED on a value the format
 * cannot carry.
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const lines = [checkpoint.origin, ...checkpoint.extensions];
  if (
    lines.some((line) => line === '' || line.includes('\n')) ||
    !Number.isSafeInteger(checkpoint.size) ||
    checkpoint.size < 0 ||
    checkpoint.root.length !== HASH_SIZE
  ) {
    throw new MlsecError(
      'REGISTRY_TLOG_CHECKPOINT_MALFORMED',
      'a checkpoint needs a non-empty origin, a size ≥ 0, a 32-byte root and non-empty extension lines',
    );
  }
  const head = [checkpoint.origin, String(checkpoint.size), encodeBase64(checkpoint.root)];
  return `${[...head, ...checkpoint.extensions].join('\n')}\n`;
}

const malformed = (why: string): TlogResult<Checkpoint> =>
  failure('REGISTRY_TLOG_CHECKPOINT_MALFORMED', `checkpoint ${why}`);

/** Parse checkpoint note text strictly (every line non-empty; canonical size and base64 root). */
export function parseCheckpoint(text: string): TlogResult<Checkpoint> {
  if (!text.endsWith('\n')) return malformed('text does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return malformed('has fewer than three lines');
  if (lines.some((line) => line === '')) return malformed('has an empty line');
  const [origin, sizeText, rootText, ...extensions] = lines as [
    string,
    string,
    string,
    ...string[],
  ];
  if (!SIZE.test(sizeText)) return malformed('size is not a decimal number without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return malformed('size is beyond 2^53');
  const root = decodeBase64(rootText);
  if (root === undefined || root.length !== HASH_SIZE) {
    return malformed('root is not the base64 of 32 bytes');
  }
  return success({ origin, size, root, extensions });
}

/**
 * Open a signed checkpoint: verify the note against the trusted keys, parse its text, and (when
 * `origin` is given) check that it is that log's.
 */
export function openCheckpoint(
  note: Uint8Array | string,
  verifiers: readonly NoteVerifier[],
  options: { readonly origin?: string; readonly limits?: NoteLimits } = {},
): TlogResult<OpenedCheckpoint> {
  const opened = openNote(note, verifiers, options.limits ?? DEFAULT_NOTE_LIMITS);
  if (!opened.ok) return opened;
  const parsed = parseCheckpoint(opened.value.text);
  if (!parsed.ok) return parsed;
  if (options.origin !== undefined && parsed.value.origin !== options.origin) {
    return failure('REGISTRY_TLOG_CHECKPOINT_ORIGIN', 'checkpoint is from another log');
  }
  return success({ checkpoint: parsed.value, note: opened.value });
}
