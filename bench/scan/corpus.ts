import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDictPickle } from './torch-pickle.ts';
import { writeStoredZip } from './zip-writer.ts';

const MB = 1024 * 1024;
/** Bump when the layout changes, so an old corpus is rebuilt. */
const VERSION = 2;

function patternChunk(seed: number): Uint8Array {
  const chunk = new Uint8Array(4 * MB);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < chunk.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk[i] = x & 0xff;
    chunk[i + 1] = (x >>> 8) & 0xff;
    chunk[i + 2] = (x >>> 16) & 0xff;
    chunk[i + 3] = (x >>> 24) & 0xff;
  }
  return chunk;
}

function safetensors(
  path: string,
  tensors: number,
  bytesPerTensor: number,
  chunk: Uint8Array,
): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  for (let i = 0; i < tensors; i++) {
    header[`layers.${i}.weight`] = {
      dtype: 'F32',
      shape: [bytesPerTensor / 4],
      data_offsets: [i * bytesPerTensor, (i + 1) * bytesPerTensor],
    };
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  const total = tensors * bytesPerTensor;
  const parts: Uint8Array[] = [prefix, Buffer.from(json)];
  writeFileSync(path, Buffer.concat(parts));
  for (let done = 0; done < total; done += chunk.length) {
    writeFileSync(path, chunk.subarray(0, Math.min(chunk.length, total - done)), { flag: 'a' });
  }
}

/** Small real artifacts from fixtures/samples, copied many times into the HF-style tree. */
function smallSamples(repo: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (statSync(path).size < 256 * 1024) out.push(readFileSync(path));
    }
  };
  visit(join(repo, 'fixtures/samples/benign'));
  if (out.length === 0) out.push(stateDictPickle(4, 16));
  return out;
}

export interface CorpusInfo {
  readonly root: string;
  readonly files: number;
  readonly bytes: number;
}

/**
 * Build (once) a corpus of at least 2 GB under bench/corpus: three 400 MB PyTorch-layout checkpoints,
 * two 400 MB SafeTensors files, and thousands of small real artifacts in a deep Hugging Face cache-style
 * tree (`hub/models--org--name/snapshots/<rev>/…`).
 */
export function ensureCorpus(repo: string, log: (line: string) => void): CorpusInfo {
  const root = join(repo, 'bench/corpus');
  const stamp = join(root, `.complete-v${VERSION}`);
  if (!existsSync(stamp)) {
    mkdirSync(root, { recursive: true });
    log('generating benchmark corpus (once) …');
    const chunk = patternChunk(7);
    for (let i = 0; i < 3; i++) {
      writeStoredZip(join(root, `checkpoint-${i}.pt`), [
        { name: `checkpoint-${i}/data.pkl`, bytes: stateDictPickle(200, 500_000) },
        ...Array.from({ length: 4 }, (_, s) => ({
          name: `checkpoint-${i}/data/${s}`,
          size: 100 * MB,
          chunk,
        })),
        { name: `checkpoint-${i}/version`, bytes: Buffer.from('3\n') },
      ]);
    }
    for (let i = 0; i < 2; i++)
      safetensors(join(root, `model-0000${i + 1}-of-00002.safetensors`), 100, 4 * MB, chunk);
    const samples = smallSamples(repo);
    for (let org = 0; org < 20; org++) {
      for (let model = 0; model < 10; model++) {
        const dir = join(
          root,
          'hub',
          `models--org${org}--model${model}`,
          'snapshots',
          `${org}${model}`.padEnd(40, 'a'),
          'sub',
          'dir',
        );
        mkdirSync(dir, { recursive: true });
        writeFileSync(
          join(dir, '..', '..', 'config.json'),
          JSON.stringify({ model_type: 'bert', hidden_size: 8 }),
        );
        for (let f = 0; f < 15; f++) {
          writeFileSync(
            join(dir, `file-${f}.bin`),
            samples[(org * 150 + model * 15 + f) % samples.length] ?? new Uint8Array(),
          );
        }
      }
    }
    writeFileSync(stamp, '');
  }
  let files = 0;
  let bytes = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.complete')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else {
        files += 1;
        bytes += statSync(path).size;
      }
    }
  };
  visit(root);
  return { root, files, bytes };
}
