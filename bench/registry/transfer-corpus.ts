// The model folder the registry transfer bench pushes and pulls: one safetensors file (a valid
// header naming a single U8 tensor, then pseudo-random bytes that neither compress nor dedup) and a
// small config.json. Generated once into the git-ignored bench/registry-corpus/, reused when present.
import { randomFillSync } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** Bytes of the tensor in model.safetensors (2.2 GB, so the folder is above 2 GB). */
export const TENSOR_BYTES = 2_200_000_000;
const CHUNK = 1024 * 1024;

/** The generated model folder and its size in bytes. */
export interface TransferModel {
  readonly dir: string;
  readonly bytes: number;
  readonly files: readonly string[];
}

/** The safetensors header: 8-byte little-endian length, then JSON padded with spaces to 8 bytes. */
function safetensorsHeader(n: number): Buffer {
  let json = JSON.stringify({ w: { dtype: 'U8', shape: [n], data_offsets: [0, n] } });
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = Buffer.alloc(8 + json.length);
  head.writeBigUInt64LE(BigInt(json.length), 0);
  head.write(json, 8, 'latin1');
  return head;
}

/** Rewrite the first 16 bytes of the tensor with `mark`, so each round pushes content new to the registry. */
export function markRound(model: TransferModel, mark: string): void {
  const weights = model.files[0] ?? '';
  const fd = openSync(weights, 'r+');
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    writeSync(
      fd,
      Buffer.from(mark.padEnd(16, '.').slice(0, 16), 'latin1'),
      0,
      16,
      8 + Number(head.readBigUInt64LE(0)),
    );
  } finally {
    closeSync(fd);
  }
}

/** Create (or reuse) bench/registry-corpus/model; `log` reports generation. */
export function ensureTransferModel(repo: string, log: (line: string) => void): TransferModel {
  const dir = join(repo, 'bench/registry-corpus/model');
  const weights = join(dir, 'model.safetensors');
  const config = join(dir, 'config.json');
  const head = safetensorsHeader(TENSOR_BYTES);
  const expected = head.length + TENSOR_BYTES;
  mkdirSync(dir, { recursive: true });
  if (statSync(weights, { throwIfNoEntry: false })?.size !== expected) {
    log(`generating ${weights} (${(expected / 1e9).toFixed(2)} GB of pseudo-random bytes) …`);
    const partial = `${weights}.partial`;
    const fd = openSync(partial, 'w');
    try {
      writeSync(fd, head);
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (let left = TENSOR_BYTES; left > 0; left -= CHUNK) {
        const n = Math.min(CHUNK, left);
        randomFillSync(buffer, 0, n);
        writeSync(fd, buffer, 0, n);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(partial, weights);
  }
  writeFileSync(
    config,
    `${JSON.stringify({ architectures: ['BenchModel'], hidden_size: 1024, torch_dtype: 'uint8' })}\n`,
  );
  return {
    dir,
    bytes: expected + statSync(config).size,
    files: [weights, config],
  };
}
