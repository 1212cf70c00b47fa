import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BENCH_MODEL, storagesOf, transformerStateDict } from './model-layout.ts';
import type { TransformerShape } from './model-layout.ts';
import { ITEM_BYTES, stateDictPickle } from './state-dict-pickle.ts';
import type { StateDictSpec } from './state-dict-pickle.ts';
import { storageChunks } from './storage-bytes.ts';
import { writeTorchZip } from './torch-zip.ts';

/** Bump when the layout or the contents change, so an old checkpoint is rebuilt. */
const VERSION = 1;

export interface Checkpoint {
  readonly path: string;
  readonly bytes: number;
  readonly spec: StateDictSpec;
}

/** torch's PyTorchStreamWriter names the archive folder after the file, last extension dropped. */
function archiveName(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/**
 * Write `torch.save(model.state_dict(), path)` as torch 1.13 lays it out, without Python: records
 * data.pkl, data/<key> (keys sorted as strings, 64-byte aligned, stored) and version (`3\n`).
 */
export function writeCheckpoint(path: string, shape: TransformerShape): Checkpoint {
  const spec = transformerStateDict(shape);
  const pickle = stateDictPickle(spec);
  const bytes = writeTorchZip(path, archiveName(path), [
    { name: 'data.pkl', size: pickle.length, chunks: () => [pickle] },
    ...storagesOf(spec).map((s) => ({
      name: `data/${s.key}`,
      size: s.numel * ITEM_BYTES[s.dtype],
      chunks: () => storageChunks(s),
    })),
    { name: 'version', size: 2, chunks: () => [Buffer.from('3\n')] },
  ]);
  return { path, bytes, spec };
}

/**
 * The benchmark checkpoint, bench/convert-corpus/pytorch_model.bin (git-ignored, about 2.2 GB):
 * written once, reused while its stamp names this VERSION and its size.
 */
export function ensureConvertCheckpoint(repo: string, log: (line: string) => void): Checkpoint {
  const root = join(repo, 'bench/convert-corpus');
  const path = join(root, 'pytorch_model.bin');
  const stamp = join(root, '.complete');
  const spec = transformerStateDict(BENCH_MODEL);
  if (existsSync(stamp) && existsSync(path)) {
    const made = JSON.parse(readFileSync(stamp, 'utf8')) as { version?: number; bytes?: number };
    if (made.version === VERSION && made.bytes === statSync(path).size) {
      return { path, bytes: made.bytes, spec };
    }
  }
  log('generating the conversion benchmark checkpoint (once, about 2.2 GB) …');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const start = performance.now();
  const written = writeCheckpoint(path, BENCH_MODEL);
  writeFileSync(stamp, `${JSON.stringify({ version: VERSION, bytes: written.bytes })}\n`);
  log(`  written in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return written;
}
