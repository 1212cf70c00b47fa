import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  DEFAULT_LIMITS,
  isAtLeast,
  MlsecError,
  severityRank,
  sha256File,
  snippet,
} from '@mlsec/core';
import type { ByteSource, Finding, Limits } from '@mlsec/core';
import { IDENTIFY_HEAD_BYTES, IDENTIFY_TAIL_BYTES, identify, openZip } from '@mlsec/formats';
import { openFileSource } from '../engine/file-source.ts';
import type { ConvertFormat, ConvertPlan } from './convert-plan.ts';
import { planJoblib } from './plan-joblib.ts';
import { planNpy, planNpz } from './plan-numpy.ts';
import { planPytorch } from './plan-pytorch.ts';
import { writeSafetensors } from './safetensors-writer.ts';
import type { WriteResult } from './safetensors-writer.ts';
import type { TensorInput, TensorSink } from './tensor-input.ts';
import { verifySafetensors } from './verify-safetensors.ts';

import { ConvertRefusedError } from './checkpoint-source.ts';
import { scanRefused } from './refusal-findings.ts';

export { ConvertRefusedError };

export interface ConvertOptions {
  readonly limits?: Limits;
  /** Re-read the output and compare every tensor with the source, byte for byte (and the metadata). */
  readonly verify?: boolean;
  /** Replace an existing output (default: refuse with SCAN_CONVERT_OUTPUT_EXISTS before reading anything). */
  readonly force?: boolean;
  /** Called as tensor bytes are written (stage `write`) and compared (stage `verify`). */
  readonly onProgress?: (progress: ConvertProgress) => void;
}

export interface ConvertProgress {
  readonly stage: 'write' | 'verify';
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** The same tensors, reporting each chunk they hand over. */
function counted(
  tensors: readonly TensorInput[],
  stage: ConvertProgress['stage'],
  onProgress: ((progress: ConvertProgress) => void) | undefined,
): readonly TensorInput[] {
  if (onProgress === undefined) return tensors;
  const bytesTotal = tensors.reduce((sum, t) => sum + t.byteLength, 0);
  let bytesDone = 0;
  return tensors.map((t) => ({
    ...t,
    write: (sink: TensorSink) =>
      t.write({
        async write(chunk) {
          await sink.write(chunk);
          bytesDone += chunk.length;
          onProgress({ stage, bytesDone, bytesTotal });
        },
      }),
  }));
}

/** Refuse to replace an existing file unless forced. */
export function checkOutputFree(path: string, force: boolean | undefined): void {
  if (force !== true && existsSync(path)) {
    throw new MlsecError(
      'SCAN_CONVERT_OUTPUT_EXISTS',
      `${snippet(path, 200)} exists; use --force to replace it`,
    );
  }
}

export interface ConvertResult {
  readonly format: ConvertFormat;
  /** SHA-256 of the input file, hex (also in the output's metadata as `source_sha256`). */
  readonly sourceSha256: string;
  readonly output: WriteResult;
  /** Names written (tied duplicates left out), and each left-out duplicate with the name kept. */
  readonly written: readonly string[];
  readonly tied: Readonly<Record<string, string>>;
  /** What the planner left out (optimizer state, non-tensor values). */
  readonly notices: readonly string[];
  readonly unwrapped?: string;
  /** Tensors compared by --verify (absent when not asked). */
  readonly verified?: number;
}

function notConvertible(what: string): MlsecError {
  return new MlsecError(
    'SCAN_CONVERT_NOT_CHECKPOINT',
    `the input is ${what}, not a PyTorch checkpoint, NumPy .npy/.npz or joblib file`,
  );
}

/** The file's stem: the name a single-array input's tensor gets. */
function stemOf(path: string): string {
  const name = basename(path);
  return name.replace(/\.[^.]+$/, '') || name;
}

/**
 * Pick the planner by content (never by extension): torch zip or legacy, npy, npz, or a joblib pickle
 * (plain or compressed). A zip with a `<root>/data.pkl` is a torch checkpoint, any other zip an npz.
 */
export async function planConversion(
  source: ByteSource,
  limits: Limits,
  stem: string,
): Promise<ConvertPlan> {
  const head = await source.read(0, Math.min(source.size, IDENTIFY_HEAD_BYTES));
  const tailLength = Math.min(source.size, IDENTIFY_TAIL_BYTES);
  const tail = await source.read(source.size - tailLength, tailLength);
  const format = identify(head, tail, source.size);
  switch (format) {
    case 'numpy':
      return planNpy(source, limits, stem);
    case 'torch-legacy':
      return planPytorch(source, limits);
    case 'zip': {
      const zip = await openZip(source, limits);
      if (!zip.ok) throw notConvertible('a zip whose directory cannot be read');
      const torch = zip.value.entries.some((e) => /^[^/]+\/data\.pkl$/.test(e.name));
      return torch ? planPytorch(source, limits) : planNpz(zip.value, limits);
    }
    case 'pickle':
    case 'zlib':
    case 'gzip':
    case 'bzip2':
    case 'xz':
    case 'lzma':
      return planJoblib(source, limits, stem);
    default:
      throw notConvertible(format === 'unknown' ? 'of an unknown format' : `${format}`);
  }
}

/**
 * Views are materialised, so a tiny storage under a huge stride-0 view (`expand`) or overlapping
 * `as_strided` windows could make a small file write gigabytes. Real checkpoints stay near their own
 * size (a weight and its saved transpose: twice one storage); more than this many times the input, plus
 * a margin for tiny files, is refused.
 */
export const MAX_OUTPUT_RATIO = 4;
const OUTPUT_MARGIN_BYTES = 64 * 1024 * 1024;

function checkAmplification(plan: ConvertPlan, inputBytes: number): void {
  const total = plan.tensors.reduce((sum, t) => sum + t.byteLength, 0);
  if (total <= MAX_OUTPUT_RATIO * inputBytes + OUTPUT_MARGIN_BYTES) return;
  throw new ConvertRefusedError({
    code: 'unsupported',
    message: `its views would write ${total} bytes from a ${inputBytes}-byte file (more than ${MAX_OUTPUT_RATIO} times its size)`,
  });
}

/**
 * A planning failure, with the scanner's word on the file: a refusal gets the findings attached; any
 * other failure (not a format we read, a bad storage) becomes a refusal when the scanner finds
 * something high or critical in the file, so a payload is never reported as a mere format problem
 * (a protocol 0 pickle calling os.system is refused with its finding, not "not a checkpoint").
 */
async function withFindings(error: unknown, path: string, limits: Limits): Promise<unknown> {
  if (!(error instanceof MlsecError)) return error;
  const findings = await scanRefused(path, limits);
  if (error instanceof ConvertRefusedError) return new ConvertRefusedError(error.refusal, findings);
  const worst = findings.reduce<Finding | undefined>(
    (a, f) => (a === undefined || severityRank(f.severity) > severityRank(a.severity) ? f : a),
    undefined,
  );
  if (worst === undefined || !isAtLeast(worst.severity, 'high')) return error;
  return new ConvertRefusedError(
    {
      code: 'not-allowed',
      message: `the scanner reports ${worst.ruleId} (${worst.severity}) in it; ${error.message}`,
    },
    findings,
  );
}

/**
 * Convert one file to SafeTensors without unpickling anything: a PyTorch checkpoint (zip or legacy
 * `torch.save`), a NumPy .npy/.npz of numeric arrays, or a joblib dump of arrays. Pickles are read by
 * an allow-list, storages and array data are size-checked, and each tensor streams from the source to
 * the writer (views materialised contiguous, big-endian arrays byte-swapped). Metadata: `format: pt`,
 * `source_sha256`, `mlsec_notices` (what was left out) and one `<duplicate>: <kept>` entry per tied
 * name. With `verify`, the output is re-read and every tensor compared with the source; a difference
 * removes the output (SCAN_CONVERT_VERIFY_FAILED).
 * Refusals throw ConvertRefusedError (SCAN_CONVERT_REFUSED) carrying the scanner's findings for the
 * file; other problems an MlsecError with a SCAN_CONVERT_* code. Nothing is written unless everything checks out.
 *
 * @example
 *   const result = await convertFile('pytorch_model.bin', 'model.safetensors', { verify: true });
 *   console.log(result.written.length, result.tied, result.verified);
 */
export async function convertFile(
  inputPath: string,
  outputPath: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (resolve(inputPath) === resolve(outputPath)) {
    throw new MlsecError('SCAN_CONVERT_OUTPUT_EXISTS', 'the output would replace the input');
  }
  checkOutputFree(outputPath, options.force);
  const source = await openFileSource(inputPath);
  try {
    let plan: ConvertPlan;
    try {
      plan = await planConversion(source, limits, stemOf(inputPath));
      checkAmplification(plan, source.size);
      // A zip of other things (a .keras archive) plans as an npz with no arrays: not ours to convert.
      if (plan.tensors.length === 0 && plan.tied.size === 0) {
        throw new MlsecError(
          'SCAN_CONVERT_NOT_CHECKPOINT',
          `the ${plan.format} input holds no tensors`,
        );
      }
    } catch (error) {
      throw await withFindings(error, inputPath, limits);
    }
    // The input is hashed on another thread while the tensors are written; the header gets the
    // digest at the end (a fixed 64 characters, so the data offsets do not move).
    const sourceDigest = sha256File(inputPath);
    // A Map, then fromEntries: tensor names such as `__proto__` stay plain keys.
    const metadata = new Map([
      ['format', 'pt'],
      ['source_sha256', ''],
    ]);
    if (plan.notices.length > 0) metadata.set('mlsec_notices', plan.notices.join('; '));
    for (const [name, kept] of plan.tied) if (!metadata.has(name)) metadata.set(name, kept);
    metadata.delete('source_sha256');
    const output = await writeSafetensors(
      outputPath,
      counted(plan.tensors, 'write', options.onProgress),
      {
        metadata: Object.fromEntries(metadata),
        lateMetadata: { source_sha256: { length: 64, value: sourceDigest } },
      },
    );
    const sourceSha256 = await sourceDigest;
    metadata.set('source_sha256', sourceSha256);
    const written = Object.fromEntries(metadata);
    let verified: number | undefined;
    if (options.verify === true) {
      const check = await verifySafetensors(
        outputPath,
        counted(plan.tensors, 'verify', options.onProgress),
        {
          metadata: written,
          limits,
        },
      );
      if (!check.ok) {
        await rm(outputPath, { force: true });
        throw new MlsecError(
          'SCAN_CONVERT_VERIFY_FAILED',
          `the output differs from the source (${check.reason}): ${check.message}; it was removed`,
        );
      }
      verified = check.tensors;
    }
    return {
      format: plan.format,
      sourceSha256,
      output,
      written: plan.tensors.map((t) => t.name),
      tied: Object.fromEntries(plan.tied),
      notices: plan.notices,
      ...(plan.unwrapped === undefined ? {} : { unwrapped: plan.unwrapped }),
      ...(verified === undefined ? {} : { verified }),
    };
  } finally {
    await source.close();
  }
}
