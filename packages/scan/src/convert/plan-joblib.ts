import { memorySource, readAll } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import {
  IDENTIFY_HEAD_BYTES,
  IDENTIFY_TAIL_BYTES,
  analysePickle,
  decompress,
  evaluateJoblib,
  identify,
} from '@mlsec/formats';
import type { CompressionKind, FormatId, JoblibEvaluation } from '@mlsec/formats';
import { ConvertRefusedError } from './checkpoint-source.ts';
import type { ConvertPlan } from './convert-plan.ts';
import { RefusalError, checkAnalysis } from './interpret-refusal.ts';
import type { Refusal } from './interpret-types.ts';
import { joblibArrayLayout, joblibTensor } from './joblib-array.ts';
import { JOBLIB_ALLOWLIST } from './joblib-allowlist.ts';
import { nameJoblibArrays } from './joblib-names.ts';
import type { TensorInput } from './tensor-input.ts';

/** joblib's compressors (joblib/compressor.py) as identify() names them. */
const COMPRESSED: Partial<Readonly<Record<FormatId, CompressionKind>>> = {
  zlib: 'zlib',
  gzip: 'gzip',
  bzip2: 'bzip2',
  xz: 'xz',
  lzma: 'lzma',
};

function refused(refusal: Refusal): never {
  throw new ConvertRefusedError(refusal);
}

/**
 * The pickle stream of the dump and where array bytes are read from: the file itself, or the
 * decompressed stream in memory (bounded by limits.maxDecompressedBytes). Either way the stream is in
 * memory for the analysis, since joblib interleaves array data with the pickle.
 */
async function readStream(
  source: ByteSource,
  limits: Limits,
): Promise<{ stream: Uint8Array; data: ByteSource }> {
  if (source.size > limits.maxBytes) {
    refused({
      code: 'unsupported',
      message: `the file is larger than the ${limits.maxBytes}-byte read limit`,
    });
  }
  const head = await source.read(0, Math.min(source.size, IDENTIFY_HEAD_BYTES));
  const tailLength = Math.min(source.size, IDENTIFY_TAIL_BYTES);
  const tail = await source.read(source.size - tailLength, tailLength);
  const kind = COMPRESSED[identify(head, tail, source.size)];
  const bytes = await readAll(source);
  if (kind === undefined) return { stream: bytes, data: source };
  const result = await decompress(kind, bytes, { maxOutputBytes: limits.maxDecompressedBytes });
  const issue = result.issues[0];
  if (!result.ok || issue !== undefined) {
    const tooLarge = issue?.code === 'DECOMPRESSED_TOO_LARGE';
    refused({
      code: tooLarge ? 'unsupported' : 'malformed',
      message: `the ${kind} stream ${tooLarge ? `decompresses past ${limits.maxDecompressedBytes} bytes` : `cannot be decompressed (${issue?.code ?? 'unknown problem'})`}`,
      ...(issue?.offset === undefined ? {} : { offset: issue.offset }),
    });
  }
  return { stream: result.value, data: memorySource(result.value) };
}

/**
 * Evaluate the stream and check it as a whole: the allow-list over every global and call (a payload
 * whose result is dropped, or in a second pickle, still names its global), then one pickle exactly,
 * read to its end without issues.
 */
function evaluate(stream: Uint8Array, limits: Limits): JoblibEvaluation {
  // The decompressed stream may pass limits.maxBytes; it is bounded by maxDecompressedBytes instead.
  const bounded = { ...limits, maxBytes: Math.max(limits.maxBytes, stream.length) };
  const evaluated = evaluateJoblib(stream, bounded);
  if (!evaluated.ok) {
    const partial = analysePickle(stream, { limits: bounded, joblib: true });
    const analysis = partial.ok ? partial.value : partial.partial;
    const named = analysis === undefined ? undefined : checkAnalysis(analysis, JOBLIB_ALLOWLIST);
    if (named !== undefined) refused(named);
  }
  if (evaluated.ok) {
    const named = checkAnalysis(evaluated.value.analysis, JOBLIB_ALLOWLIST);
    if (named !== undefined) refused(named);
  }
  const issue = evaluated.issues.find((i) => i.fatal === true) ?? evaluated.issues[0];
  if (!evaluated.ok || issue !== undefined) {
    refused({
      code: 'malformed',
      message: `the pickle cannot be read as joblib.load reads it: ${issue?.code ?? 'unknown problem'}`,
      ...(issue?.offset === undefined ? {} : { offset: issue.offset }),
    });
  }
  const { analysis } = evaluated.value;
  const second = analysis.pickles.find((p, i) => i > 0 && p.nestedIn === undefined);
  if (second !== undefined) {
    refused({
      code: 'not-allowed',
      message: `a second pickle starts at offset ${second.start}; a joblib dump is one pickle`,
      offset: second.start,
    });
  }
  if (analysis.stoppedBy !== 'end-of-input') {
    refused({
      code: 'malformed',
      message: `${stream.length - analysis.end} bytes follow the pickle`,
      offset: analysis.end,
    });
  }
  return evaluated.value;
}

/**
 * Plan a joblib.dump of NumPy arrays (or of dicts, OrderedDicts, lists and tuples of them), plain or
 * compressed (zlib, gzip, bz2, xz, lzma). Unlike torch and .npy files, which stream, the whole pickle
 * stream is held in memory for the analysis (joblib interleaves array data with the pickle): the file
 * (at most limits.maxBytes), or the decompressed stream (at most limits.maxDecompressedBytes). Array
 * bytes are then streamed to the writer from it. Every global and call is checked against the joblib
 * allow-list and every array (reached or not) must be a plain numeric ndarray; a single array is named
 * `stem`, nested containers by dotted paths, and other values are left out with a notice. Throws
 * ConvertRefusedError; nothing is executed.
 */
export async function planJoblib(
  source: ByteSource,
  limits: Limits,
  stem: string,
): Promise<ConvertPlan> {
  const { stream, data } = await readStream(source, limits);
  const { root, analysis, wrappers } = evaluate(stream, limits);
  try {
    const layouts = analysis.joblibArrays.map((array, i) => {
      const wrapper = wrappers[i];
      if (wrapper === undefined) throw new Error('evaluateJoblib returned too few wrappers');
      return joblibArrayLayout(array, wrapper, stream);
    });
    const named = nameJoblibArrays(root, stem);
    if (named.arrays.length === 0) {
      refused({ code: 'unsupported', message: 'the dump holds no NumPy arrays' });
    }
    // One array under several names (a shared reference) is written once, under the first name in
    // sorted order, as the torch planner does for tied weights.
    const kept = new Map<number, string>();
    for (const { name, array } of [...named.arrays].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!kept.has(array)) kept.set(array, name);
    }
    const tied = new Map<string, string>();
    const tensors: TensorInput[] = [];
    for (const { name, array } of named.arrays) {
      const first = kept.get(array) ?? name;
      const layout = layouts[array];
      if (layout === undefined) throw new Error('an array names no joblibArrays entry');
      if (first !== name) tied.set(name, first);
      else tensors.push(joblibTensor(name, layout, data));
    }
    return { format: 'joblib', tensors, tied, notices: named.notices };
  } catch (thrown) {
    if (thrown instanceof RefusalError) refused(thrown.refusal);
    throw thrown;
  }
}
