import { ReadError, bytesSnippet, fail, issue, ok, snippet } from '@mlsec/core';
import type { FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { PickleDecoder } from './decode.ts';
import type { ArgNote, OpArg } from './decode.ts';
import type { OpcodeInfo } from './opcodes.ts';

/** One decoded opcode. `arg` views into the input; copy it if you keep it past the input's lifetime. */
export interface DecodedOp {
  readonly offset: number;
  readonly opcode: OpcodeInfo;
  readonly arg: OpArg;
  readonly note: ArgNote;
}

/** How decodeOps ended: after the last byte, or at a framing error. */
export interface DecodeEnd {
  readonly end: number;
  readonly issue?: FormatIssue;
}

/**
 * Every opcode of the stream, across STOPs, without interpreting any. Never throws on bad input: the
 * generator's return value carries the issue that ended it.
 *
 * @example
 * for (const op of decodeOps(bytes, { limits: DEFAULT_LIMITS })) console.log(op.offset, op.opcode.name);
 */
export function* decodeOps(
  bytes: Uint8Array,
  options: { readonly limits: Limits; readonly start?: number },
): Generator<DecodedOp, DecodeEnd> {
  const decoder = new PickleDecoder(bytes, options.start ?? 0, options.limits);
  let count = 0;
  while (decoder.pos < bytes.length) {
    if (++count > options.limits.maxOps) {
      return {
        end: decoder.pos,
        issue: issue(
          'PICKLE_TOO_MANY_OPS',
          `more than ${options.limits.maxOps} opcodes`,
          decoder.pos,
          true,
        ),
      };
    }
    try {
      decoder.next();
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      const code = error.code.startsWith('PICKLE_') ? error.code : `PICKLE_${error.code}`;
      return { end: decoder.offset, issue: issue(code, error.message, error.offset, true) };
    }
    yield { offset: decoder.offset, opcode: decoder.opcode, arg: decoder.arg, note: decoder.note };
  }
  return { end: decoder.pos };
}

function describeArg(arg: OpArg): string {
  if (arg === undefined) return '';
  if (arg instanceof Uint8Array) return `b'${bytesSnippet(arg, 60)}' (${arg.length} bytes)`;
  if (typeof arg === 'string') return `'${snippet(arg, 60)}'`;
  if (typeof arg === 'object') return `${snippet(arg.module, 60)} ${snippet(arg.name, 60)}`;
  return String(arg);
}

/**
 * A pickletools.dis-like listing for debugging: `offset: NAME arg`, one line per opcode, at most
 * `maxLines` lines (default 10 000). Strings are escaped and truncated.
 */
export function disassemble(
  bytes: Uint8Array,
  options: { readonly limits: Limits; readonly maxLines?: number },
): ParseResult<string> {
  const maxLines = options.maxLines ?? 10_000;
  const lines: string[] = [];
  const ops = decodeOps(bytes, options);
  for (let step = ops.next(); ; step = ops.next()) {
    if (step.done === true) {
      const end = step.value;
      return end.issue === undefined ? ok(lines.join('\n')) : fail([end.issue], lines.join('\n'));
    }
    if (lines.length >= maxLines) {
      lines.push('…');
      return ok(lines.join('\n'), [
        issue('PICKLE_LISTING_TRUNCATED', `listing cut at ${maxLines} lines`, step.value.offset),
      ]);
    }
    const op = step.value;
    const note = op.note === 'ok' ? '' : ` [${op.note}]`;
    lines.push(
      `${String(op.offset).padStart(8)}: ${op.opcode.name.padEnd(16)} ${describeArg(op.arg)}${note}`.trimEnd(),
    );
  }
}
