import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Deterministic bytes (xorshift32), so generated models are the same on every run. */
export function patternBytes(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** What {@link writeGeneratedModel} wrote: model-relative names and their sizes. */
export interface GeneratedModel {
  readonly files: readonly { readonly name: string; readonly size: number }[];
}

/**
 * A model folder with many small files in nested directories, a few multi-MiB files, and an empty
 * file: enough jobs for completion order to differ from manifest order across workers.
 */
export async function writeGeneratedModel(root: string): Promise<GeneratedModel> {
  const files: { name: string; size: number }[] = [];
  const put = async (name: string, size: number): Promise<void> => {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), patternBytes(size, files.length + 1));
    files.push({ name, size });
  };
  for (let i = 0; i < 120; i++)
    await put(`tokenizer/part-${i % 7}/piece-${i}.json`, 1 + ((i * 997) % 9000));
  for (let i = 0; i < 3; i++)
    await put(`model-0000${i}-of-00003.safetensors`, (3 << 20) + i * 333_331);
  await put('config.json', 700);
  await put('empty.txt', 0);
  await put('deep/a/b/c/d/weights.bin', (2 << 20) + 17);
  return { files };
}
