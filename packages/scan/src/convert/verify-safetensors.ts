import { DEFAULT_LIMITS, snippet } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { parseSafetensors } from '@mlsec/formats';
import type { SafetensorsHeader, SafetensorsTensor } from '@mlsec/formats';
import { openFileSource } from '../engine/file-source.ts';
import type { TensorInput, TensorSink } from './tensor-input.ts';

/** Largest read from the file for one comparison; a producer's big chunk is compared piecewise. */
const COMPARE_BYTES = 1024 * 1024;

export type VerifyFailure =
  'unparseable' | 'missing' | 'unexpected' | 'dtype' | 'shape' | 'length' | 'bytes' | 'metadata';

/** The first difference between a SafeTensors file and what it should hold, or ok. */
export type VerifyResult =
  | { readonly ok: true; readonly tensors: number }
  | {
      readonly ok: false;
      readonly reason: VerifyFailure;
      readonly message: string;
      readonly name?: string;
      /** Byte offset inside the tensor's data of the first difference (bytes and length). */
      readonly offset?: number;
    };

export interface VerifyOptions {
  /** When given, `__metadata__` must hold exactly these entries. */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly limits?: Limits;
}

/** Thrown into a producer to stop it at the first difference; never leaves verifySafetensors. */
class Mismatch extends Error {
  readonly offset: number;

  constructor(offset: number) {
    super('mismatch');
    this.offset = offset;
  }
}

function fail(
  reason: VerifyFailure,
  message: string,
  name?: string,
  offset?: number,
): VerifyResult {
  return {
    ok: false,
    reason,
    message,
    ...(name === undefined ? {} : { name }),
    ...(offset === undefined ? {} : { offset }),
  };
}

/** Compare one tensor's stored bytes with what its producer yields, chunk by chunk. */
async function compareBytes(
  source: ByteSource,
  start: number,
  stored: SafetensorsTensor,
  input: TensorInput,
): Promise<VerifyResult | undefined> {
  const length = stored.end - stored.begin;
  const label = `tensor "${snippet(input.name, 80)}"`;
  let position = 0;
  const sink: TensorSink = {
    async write(chunk: Uint8Array): Promise<void> {
      for (let at = 0; at < chunk.length;) {
        if (position >= length) throw new Mismatch(position);
        const take = Math.min(chunk.length - at, COMPARE_BYTES, length - position);
        const piece = chunk.subarray(at, at + take);
        at += take;
        const onDisk = await source.read(start + stored.begin + position, piece.length);
        // One native comparison per piece; the first differing byte is looked for only on a mismatch.
        if (!Buffer.from(piece.buffer, piece.byteOffset, piece.length).equals(onDisk)) {
          let i = 0;
          while (i < piece.length && piece[i] === onDisk[i]) i++;
          throw new Mismatch(position + i);
        }
        position += piece.length;
      }
    },
  };
  try {
    await input.write(sink);
  } catch (error) {
    if (!(error instanceof Mismatch)) throw error;
    return error.offset >= length
      ? fail('length', `${label} yields more than the ${length} bytes stored`, input.name, length)
      : fail('bytes', `${label} differs at byte ${error.offset}`, input.name, error.offset);
  }
  if (position < length) {
    return fail(
      'length',
      `${label} yields ${position} of the ${length} bytes stored`,
      input.name,
      position,
    );
  }
  return undefined;
}

function compareMetadata(
  header: SafetensorsHeader,
  expected: Readonly<Record<string, string>>,
): VerifyResult | undefined {
  const stored = header.metadata ?? {};
  const keys = new Set([...Object.keys(stored), ...Object.keys(expected)]);
  for (const key of keys) {
    if (stored[key] !== expected[key]) {
      return fail('metadata', `__metadata__ "${snippet(key, 80)}" differs`);
    }
  }
  return undefined;
}

function compareHeader(
  header: SafetensorsHeader,
  expected: readonly TensorInput[],
): VerifyResult | undefined {
  const byName = new Map(header.tensors.map((t) => [t.name, t]));
  const wanted = new Set(expected.map((t) => t.name));
  for (const input of expected) {
    const label = `tensor "${snippet(input.name, 80)}"`;
    const stored = byName.get(input.name);
    if (!stored) return fail('missing', `${label} is not in the file`, input.name);
    if (stored.dtype !== input.dtype) {
      return fail(
        'dtype',
        `${label} is ${snippet(stored.dtype, 20)}, not ${input.dtype}`,
        input.name,
      );
    }
    if (
      stored.shape.join(',') !== input.shape.join(',') ||
      stored.shape.length !== input.shape.length
    ) {
      return fail('shape', `${label} has shape [${stored.shape.join(', ')}]`, input.name);
    }
  }
  const extra = header.tensors.find((t) => !wanted.has(t.name));
  if (extra)
    return fail('unexpected', `tensor "${snippet(extra.name, 80)}" was not expected`, extra.name);
  return undefined;
}

/**
 * Re-read a SafeTensors file with the bounded parser and compare it with what it should hold: every
 * tensor's dtype, shape and bytes (each producer is run once, its chunks compared against the file as
 * they come, so memory stays bounded), no tensor missing or extra, optionally the metadata. Returns
 * the first difference. A producer's own errors are passed on.
 *
 * @example
 *   const result = await verifySafetensors('model.safetensors', tensors, { metadata });
 *   if (!result.ok) console.error(result.reason, result.name, result.offset);
 */
export async function verifySafetensors(
  path: string,
  expected: readonly TensorInput[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const source = await openFileSource(path);
  try {
    const parsed = await parseSafetensors(source, options.limits ?? DEFAULT_LIMITS);
    const problem = parsed.issues[0];
    if (!parsed.ok || problem) {
      return fail('unparseable', problem ? `${problem.code}: ${problem.message}` : 'unreadable');
    }
    const header = parsed.value;
    const structural =
      (options.metadata && compareMetadata(header, options.metadata)) ??
      compareHeader(header, expected);
    if (structural) return structural;
    const byName = new Map(header.tensors.map((t) => [t.name, t]));
    for (const input of expected) {
      const stored = byName.get(input.name);
      if (!stored) continue; // checked above
      const difference = await compareBytes(source, header.dataStart, stored, input);
      if (difference) return difference;
    }
    return { ok: true, tensors: header.tensors.length };
  } finally {
    await source.close();
  }
}
