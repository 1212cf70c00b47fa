import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, relative } from 'node:path';

const MIB = 1024 * 1024;
/** Bump when the layout changes, so an old model is rebuilt. */
const VERSION = 1;
const SHARDS = 4;
const SHARD_BYTES = 1024 * MIB;
const SMALL_FILES = 2000;

/** Deterministic bytes (xorshift32); the content does not matter to SHA-256's speed. */
function patternChunk(bytes: number, seed: number): Buffer {
  const chunk = Buffer.allocUnsafe(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk.writeUInt32LE(x >>> 0, i);
  }
  return chunk;
}

/** A SafeTensors-shaped file of exactly `total` bytes: header, then tensor bytes. */
function writeShard(path: string, total: number, chunk: Buffer): void {
  const header = JSON.stringify({
    __metadata__: { format: 'pt' },
    'model.weight': { dtype: 'F32', shape: [(total - 4096) / 4], data_offsets: [0, total - 4096] },
  }).padEnd(4096 - 8, ' ');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(header.length));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, prefix);
    writeSync(fd, header);
    for (let done = 4096; done < total;)
      done += writeSync(fd, chunk, 0, Math.min(chunk.length, total - done));
  } finally {
    closeSync(fd);
  }
}

export interface HashModel {
  readonly root: string;
  /** Every file of the model, absolute, largest first. */
  readonly files: readonly string[];
  readonly bytes: number;
}

/**
 * Build (once) a model folder of about 4.4 GB under bench/hash-corpus (gitignored): four 1 GiB
 * SafeTensors-like shards and 2,000 small tokenizer/config files of 1–64 KiB in nested folders.
 */
export function ensureHashModel(repo: string, log: (line: string) => void): HashModel {
  const root = join(repo, 'bench/hash-corpus');
  const model = join(root, 'model');
  const stamp = join(root, `.complete-v${VERSION}`);
  if (!existsSync(stamp)) {
    log('generating the hashing benchmark model (once, about 4.4 GB) …');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(model, { recursive: true });
    const chunk = patternChunk(8 * MIB, 11);
    for (let i = 1; i <= SHARDS; i++) {
      writeShard(join(model, `model-0000${i}-of-0000${SHARDS}.safetensors`), SHARD_BYTES, chunk);
    }
    for (let i = 0; i < SMALL_FILES; i++) {
      const dir = join(
        model,
        ['tokenizer', 'configs', 'extra/vocab', 'extra/merges'][i % 4] ?? '',
        `part-${i % 25}`,
      );
      mkdirSync(dir, { recursive: true });
      const size = 1024 + ((i * 7919) % (63 * 1024));
      writeFileSync(join(dir, `file-${i}.json`), chunk.subarray(i * 16, i * 16 + size));
    }
    writeFileSync(stamp, '');
  }
  const files: { path: string; size: number }[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.push({ path, size: statSync(path).size });
    }
  };
  visit(model);
  files.sort(
    (a, b) => b.size - a.size || relative(model, a.path).localeCompare(relative(model, b.path)),
  );
  return {
    root: model,
    files: files.map((f) => f.path),
    bytes: files.reduce((sum, f) => sum + f.size, 0),
  };
}
