import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MlsecError, readFileBounded, snippet } from '@mlsec/core';
import { checkOutputFree, convertFile } from './convert-file.ts';
import type { ConvertOptions, ConvertResult } from './convert-file.ts';

/** The index transformers writes beside SafeTensors shards. */
export const SAFETENSORS_INDEX = 'model.safetensors.index.json';
/** Largest index read (real ones are a few hundred KB even for 100B-parameter models). */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export interface ShardedOptions extends ConvertOptions {
  /** Called before each shard is converted (progress for long runs). */
  readonly onShard?: (shard: {
    readonly input: string;
    readonly index: number;
    readonly count: number;
  }) => void;
}

export interface ShardedResult {
  /** The SafeTensors index written (`model.safetensors.index.json` in the output folder). */
  readonly index: string;
  readonly shards: readonly {
    readonly input: string;
    readonly output: string;
    readonly result: ConvertResult;
  }[];
  /** Tensor bytes written over all shards (the index's `metadata.total_size`). */
  readonly totalSize: number;
  /** Tensor name to output shard file, as written to the index (tied duplicates left out). */
  readonly weightMap: Readonly<Record<string, string>>;
}

function invalid(message: string): MlsecError {
  return new MlsecError('SCAN_CONVERT_INDEX_INVALID', message);
}

/** `pytorch_model-00001-of-00002.bin` → `model-00001-of-00002.safetensors` (transformers' names). */
export function safetensorsShardName(file: string): string {
  const hf = /^pytorch_model(.*)\.bin$/.exec(file);
  if (hf) return `model${hf[1]}.safetensors`;
  const stem = file.replace(/\.[^.]+$/, '');
  return `${stem || file}.safetensors`;
}

/** A shard name must be a plain file name in the index's folder: no separators, no `.`/`..`. */
function plainFileName(name: string): boolean {
  return (
    name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && name.length <= 255
  );
}

/** The weight map of a `*.bin.index.json`, checked: string names mapped to plain shard file names. */
async function readWeightMap(indexPath: string): Promise<Map<string, string>> {
  const file = await readFileBounded(indexPath, MAX_INDEX_BYTES, { refuseLarger: true });
  if (file === undefined) throw invalid(`${snippet(indexPath)} is not a readable file`);
  if (file.truncated) throw invalid(`the index is larger than ${MAX_INDEX_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.bytes));
  } catch {
    throw invalid('the index is not UTF-8 JSON');
  }
  const weightMap = (parsed as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw invalid('the index has no weight_map object');
  }
  const out = new Map<string, string>();
  for (const [name, shard] of Object.entries(weightMap)) {
    if (typeof shard !== 'string' || !plainFileName(shard)) {
      throw invalid(
        `weight_map maps ${snippet(name)} to something other than a file in the index's folder`,
      );
    }
    out.set(name, shard);
  }
  if (out.size === 0) throw invalid('the index weight_map is empty');
  return out;
}

/** Every name the index gives a shard must be in it (written or tied), and nothing else. */
function checkShard(file: string, listed: ReadonlySet<string>, result: ConvertResult): void {
  const held = new Set([...result.written, ...Object.keys(result.tied)]);
  const missing = [...listed].find((name) => !held.has(name));
  if (missing !== undefined) {
    throw invalid(`the index puts ${snippet(missing)} in ${snippet(file)}, which does not hold it`);
  }
  const extra = [...held].find((name) => !listed.has(name));
  if (extra !== undefined) {
    throw invalid(`${snippet(file)} holds ${snippet(extra)}, which the index does not list for it`);
  }
}

/**
 * Convert a Hugging Face sharded checkpoint (`pytorch_model.bin.index.json` and the shards it names)
 * into `model-0000x-of-0000y.safetensors` shards and `model.safetensors.index.json` in `outDir`, each
 * shard as `convertFile` does. The index must agree with the shards exactly (a name listed for a shard
 * that does not hold it, or a tensor a shard holds but the index does not list, stops the conversion).
 * Tied duplicates are left out of the new weight map and recorded in their shard's metadata. All or
 * nothing: when a shard fails, the shards already written are removed; the index is written last.
 *
 * @example
 *   const result = await convertSharded('ckpt/pytorch_model.bin.index.json', 'ckpt');
 *   console.log(result.shards.length, result.totalSize);
 */
export async function convertSharded(
  indexPath: string,
  outDir: string,
  options: ShardedOptions = {},
): Promise<ShardedResult> {
  const weightMap = await readWeightMap(indexPath);
  const folder = dirname(indexPath);
  const byShard = new Map<string, Set<string>>();
  for (const [name, file] of weightMap) {
    const names = byShard.get(file) ?? new Set<string>();
    names.add(name);
    byShard.set(file, names);
  }
  const files = [...byShard.keys()].sort();
  const outputs = new Map(files.map((file) => [file, safetensorsShardName(file)]));
  if (new Set(outputs.values()).size !== files.length || outputs.has(SAFETENSORS_INDEX)) {
    throw invalid('two shards would get the same SafeTensors name');
  }
  const index = join(outDir, SAFETENSORS_INDEX);
  for (const path of [...outputs.values()].map((name) => join(outDir, name)).concat(index)) {
    checkOutputFree(path, options.force);
  }
  const shards: { input: string; output: string; result: ConvertResult }[] = [];
  const written: string[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const input = join(folder, file);
      const output = join(outDir, outputs.get(file) ?? '');
      options.onShard?.({ input, index: i, count: files.length });
      const result = await convertFile(input, output, options);
      written.push(output);
      checkShard(file, byShard.get(file) ?? new Set(), result);
      shards.push({ input, output, result });
    }
    const newMap = new Map<string, string>();
    let totalSize = 0;
    for (const shard of shards) {
      totalSize += shard.result.output.dataBytes;
      for (const name of shard.result.written) newMap.set(name, basename(shard.output));
    }
    const sorted = Object.fromEntries([...newMap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    // As transformers writes it: json.dumps(index, indent=2, sort_keys=True) + "\n".
    const text = `${JSON.stringify({ metadata: { total_size: totalSize }, weight_map: sorted }, null, 2)}\n`;
    const temp = join(outDir, `.${SAFETENSORS_INDEX}.${randomBytes(6).toString('hex')}.partial`);
    written.push(temp);
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, index);
    return { index, shards, totalSize, weightMap: sorted };
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}
