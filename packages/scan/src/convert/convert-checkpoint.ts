import { createHash } from 'node:crypto';
import { DEFAULT_LIMITS, MlsecError } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { openFileSource } from '../engine/file-source.ts';
import { locateCheckpoint } from './checkpoint-source.ts';
import { writeSafetensors } from './safetensors-writer.ts';
import type { WriteResult } from './safetensors-writer.ts';
import type { TensorInput } from './tensor-input.ts';
import { checkView, viewTensor } from './tensor-view.ts';

export { ConvertRefusedError } from './checkpoint-source.ts';

export interface ConvertOptions {
  readonly limits?: Limits;
}

export interface ConvertResult {
  readonly format: 'pytorch-zip' | 'pytorch-legacy';
  /** SHA-256 of the input file, hex (also in the output's metadata as `source_sha256`). */
  readonly sourceSha256: string;
  readonly output: WriteResult;
  /** Names written (tied duplicates left out), and each left-out duplicate with the name kept. */
  readonly written: readonly string[];
  readonly tied: Readonly<Record<string, string>>;
  /** What the interpreter left out (optimizer state, non-tensor values). */
  readonly notices: readonly string[];
  readonly unwrapped?: string;
}

const HASH_CHUNK = 4 * 1024 * 1024;

async function sha256Of(source: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < source.size; at += HASH_CHUNK) {
    hash.update(await source.read(at, Math.min(HASH_CHUNK, source.size - at)));
  }
  return hash.digest('hex');
}

/**
 * Tied groups (same storage, offset, shape, stride) are written once under their first name in
 * sorted order; every other name maps to it, as safetensors' `save_model` records removed duplicates
 * (`metadata[removed] = kept`).
 */
function tiedNames(groups: readonly (readonly string[])[]): Map<string, string> {
  const dropped = new Map<string, string>();
  for (const group of groups) {
    const [kept, ...rest] = [...group].sort();
    if (kept === undefined) continue;
    for (const name of rest) dropped.set(name, kept);
  }
  return dropped;
}

/**
 * Convert a PyTorch checkpoint (zip or legacy `torch.save`) to SafeTensors without unpickling it:
 * the pickle is interpreted by an allow-list, every storage record is size-checked, and each tensor is
 * streamed to the writer (views materialised contiguous). Metadata: `format: pt`, `source_sha256`,
 * `mlsec_notices` (dropped keys) and one `<duplicate>: <kept>` entry per tied name.
 * Refusals throw ConvertRefusedError (SCAN_CONVERT_REFUSED); other problems an MlsecError with a
 * SCAN_CONVERT_* code. Nothing is written unless everything checks out (and a failure while writing
 * removes the partial file).
 *
 * @example
 *   const result = await convertCheckpoint('pytorch_model.bin', 'model.safetensors');
 *   console.log(result.written.length, result.tied);
 */
export async function convertCheckpoint(
  inputPath: string,
  outputPath: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const source = await openFileSource(inputPath);
  try {
    const located = await locateCheckpoint(source, limits);
    const { interpretation } = located;
    const tied = tiedNames(interpretation.tied);
    const tensors: TensorInput[] = [];
    for (const t of interpretation.tensors) {
      const last = checkView(t);
      if (tied.has(t.name)) continue;
      const storage = located.storages.get(t.storageKey);
      if (storage === undefined) {
        throw new MlsecError('SCAN_CONVERT_STORAGE_INVALID', 'a tensor names an unknown storage');
      }
      tensors.push(viewTensor(t.name, t, storage, last));
    }
    const sourceSha256 = await sha256Of(source);
    // A Map, then fromEntries: tensor names such as `__proto__` stay plain keys.
    const metadata = new Map([
      ['format', 'pt'],
      ['source_sha256', sourceSha256],
    ]);
    if (interpretation.notices.length > 0) {
      metadata.set('mlsec_notices', interpretation.notices.join('; '));
    }
    for (const [name, kept] of tied) if (!metadata.has(name)) metadata.set(name, kept);
    const output = await writeSafetensors(outputPath, tensors, {
      metadata: Object.fromEntries(metadata),
    });
    return {
      format: located.format,
      sourceSha256,
      output,
      written: tensors.map((t) => t.name),
      tied: Object.fromEntries(tied),
      notices: interpretation.notices,
      ...(interpretation.unwrapped === undefined ? {} : { unwrapped: interpretation.unwrapped }),
    };
  } finally {
    await source.close();
  }
}
