import { createCipheriv, createHash } from 'node:crypto';

/** One file of a planned version: its bytes and their digest. */
export interface PlannedFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** A version the crash test pushes: its id and files (sorted by path). */
export interface PlannedVersion {
  readonly version: string;
  readonly files: readonly PlannedFile[];
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A small seeded generator (mulberry32): the same seed gives the same plan and kill point. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` bytes that look random (AES-CTR keystream of `label`), behind a text line naming them. */
function contentOf(label: string, size: number): Buffer {
  const key = createHash('sha256').update(label).digest().subarray(0, 16);
  const head = Buffer.from(`mlsec crash test: ${label}\n`);
  const body = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(
    Buffer.alloc(Math.max(0, size - head.length)),
  );
  return Buffer.concat([head, body]).subarray(0, size);
}

function file(path: string, bytes: Buffer): PlannedFile {
  return { path, bytes, sha256: sha256(bytes) };
}

/**
 * `count` versions to push at once: each holds a config shared by every version (one blob uploaded
 * concurrently by all of them), a tokenizer of tens of KiB and weights of 0.5 to 2.5 MiB (many
 * upload chunks, so a kill lands mid-stream), all derived from `seed`.
 */
export function uploadPlan(seed: number, count: number): PlannedVersion[] {
  const random = seededRandom(seed);
  const config = file('config.json', Buffer.from(`{"architectures":["Crash"],"seed":${seed}}\n`));
  return Array.from({ length: count }, (_, i) => {
    const version = `v${i + 1}`;
    const weights = Math.floor((0.5 + 2 * random()) * 1024 * 1024);
    const vocab = Math.floor((16 + 48 * random()) * 1024);
    return {
      version,
      files: [
        config,
        file('model/weights.bin', contentOf(`${seed} ${version} weights`, weights)),
        file('tokenizer/vocab.bin', contentOf(`${seed} ${version} vocab`, vocab)),
      ],
    };
  });
}
