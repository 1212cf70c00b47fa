// One-off check of the conversion benchmark's generator (not part of npm test; needs Debian's
// python3-torch at /usr/bin/python3):
//
//   npx tsc -b && node --import tsx bench/convert/check-torch.ts          # the ~4 MB miniature
//   npx tsc -b && node --import tsx bench/convert/check-torch.ts --bench  # the 2.2 GB checkpoint
//
// It writes a checkpoint, has torch 1.13 load it (weights_only=True) and save it again, and checks
// that torch sees every tensor as generated (name, dtype, shape, strides, offset, storage sharing,
// SHA-256 of the contiguous values), that the `_metadata` entries came back, and that torch's own
// save is byte-identical to the generated file. Then convertFile (with verify) converts it, and every
// tensor of the SafeTensors output must hash as torch's contiguous values did.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertFile } from '@mlsec/scan';
import { ensureConvertCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { SMALL_MODEL } from './model-layout.ts';
import { ITEM_BYTES } from './state-dict-pickle.ts';
import type { TensorSpec } from './state-dict-pickle.ts';
import { storageBytes } from './storage-bytes.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const TORCH_DTYPE = { F32: 'float32', F16: 'float16', BF16: 'bfloat16' } as const;

interface TorchTensor {
  name: string;
  dtype: string;
  shape: number[];
  stride: number[];
  offset: number;
  storage: number;
  sha256: string;
}
interface TorchReport {
  torch: string;
  type: string;
  tensors: TorchTensor[];
  metadata: [string, { version: number }][] | null;
  resavedIdentical: boolean;
}

/** The view's values, row-major, gathered element by element (independently of the converter). */
function expectedDigest(t: TensorSpec, cache: Map<string, Buffer>): string {
  const item = ITEM_BYTES[t.storage.dtype];
  const storage = cache.get(t.storage.key) ?? storageBytes(t.storage);
  cache.set(t.storage.key, storage);
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const out = Buffer.alloc(numel * item);
  for (let n = 0; n < numel; n++) {
    let rest = n;
    let element = t.offset;
    for (let d = t.shape.length - 1; d >= 0; d--) {
      const size = t.shape[d] ?? 1;
      element += (rest % size) * (t.stride[d] ?? 0);
      rest = Math.floor(rest / size);
    }
    storage.copy(out, n * item, element * item, (element + 1) * item);
  }
  return createHash('sha256').update(out).digest('hex');
}

/** The SafeTensors header (our own output: a plain JSON.parse is fine) and where the data starts. */
function readHeader(path: string): { entries: Record<string, unknown>; dataStart: number } {
  const fd = openSync(path, 'r');
  try {
    const prefix = Buffer.alloc(8);
    readSync(fd, prefix, 0, 8, 0);
    const length = Number(prefix.readBigUInt64LE(0));
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, 8);
    return {
      entries: JSON.parse(json.toString('utf8')) as Record<string, unknown>,
      dataStart: 8 + length,
    };
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 of `length` bytes of a file from `offset`, read 4 MiB at a time. */
function digestRange(path: string, offset: number, length: number): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(4 * 1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let done = 0; done < length;) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, length - done), offset + done);
      if (n === 0) throw new Error(`${path} ended early`);
      hash.update(buffer.subarray(0, n));
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

const failures: string[] = [];
const expect = (ok: boolean, what: string): void => void (ok || failures.push(what));

const dir = mkdtempSync(join(tmpdir(), 'mlsec-convert-check-'));
try {
  const big = process.argv.includes('--bench');
  const made = big
    ? ensureConvertCheckpoint(repo, log)
    : writeCheckpoint(join(dir, 'pytorch_model.bin'), SMALL_MODEL);
  log(`checkpoint: ${made.path}, ${made.bytes} bytes, ${made.spec.tensors.length} tensors`);
  const resaveDir = join(dir, 'resave');
  mkdirSync(resaveDir);
  const py = spawnSync(
    '/usr/bin/python3',
    [join(repo, 'bench/convert/check_torch.py'), made.path, join(resaveDir, 'pytorch_model.bin')],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (py.status !== 0) throw new Error(`check_torch.py failed: ${py.stderr}`);
  const torch = JSON.parse(py.stdout) as TorchReport;
  log(
    `torch ${torch.torch}: torch.load(weights_only=True) gave a ${torch.type} of ${torch.tensors.length} tensors`,
  );

  const cache = new Map<string, Buffer>();
  const digests = new Map<string, string>();
  const storageIndex = new Map<string, number>();
  expect(torch.tensors.length === made.spec.tensors.length, 'tensor count');
  made.spec.tensors.forEach((t, i) => {
    const seen = torch.tensors[i];
    const digest = big ? (seen?.sha256 ?? '') : expectedDigest(t, cache);
    digests.set(t.name, digest);
    const storage = storageIndex.get(t.storage.key) ?? storageIndex.size;
    storageIndex.set(t.storage.key, storage);
    const same =
      seen !== undefined &&
      seen.name === t.name &&
      seen.dtype === TORCH_DTYPE[t.storage.dtype] &&
      JSON.stringify(seen.shape) === JSON.stringify(t.shape) &&
      JSON.stringify(seen.stride) === JSON.stringify(t.stride) &&
      seen.offset === t.offset &&
      seen.storage === storage &&
      seen.sha256 === digest;
    expect(same, `tensor ${i} (${t.name}) as torch sees it: ${JSON.stringify(seen)}`);
  });
  const modules = torch.metadata?.map(([k, v]) => `${k}:${v.version}`) ?? [];
  expect(
    JSON.stringify(modules) === JSON.stringify(made.spec.modules.map((m) => `${m}:1`)),
    '_metadata',
  );
  expect(torch.resavedIdentical, 'torch.save of the loaded state dict is byte-identical');
  log(
    `torch.save of what it loaded is byte-identical to the generated file: ${torch.resavedIdentical}`,
  );

  const output = join(dir, 'model.safetensors');
  const result = await convertFile(made.path, output, { verify: true });
  const header = readHeader(output);
  let compared = 0;
  for (const [name, entry] of Object.entries(header.entries)) {
    if (name === '__metadata__') continue;
    const [from = 0, to = 0] = (entry as { data_offsets?: number[] }).data_offsets ?? [];
    const digest = digestRange(output, header.dataStart + from, to - from);
    expect(digest === digests.get(name), `converted ${name}`);
    compared++;
  }
  expect(compared === made.spec.tensors.length - 1, `${compared} tensors in the output`);
  // One name of the tied pair is written, the other recorded as its duplicate (either way round).
  const tied = Object.entries(result.tied).flat().sort();
  expect(JSON.stringify(tied) === '["lm_head.weight","model.embed_tokens.weight"]', 'tied pair');
  log(
    `convertFile (verify): ${result.verified ?? 0} verified, ${compared} compared with torch's values, tied ${JSON.stringify(result.tied)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) {
  for (const f of failures.slice(0, 20)) log(`FAIL ${f}`);
  process.exitCode = 1;
} else log('all checks passed');
