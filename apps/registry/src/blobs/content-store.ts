import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { MlsecError } from '@mlsec/core';
import type {
  BlobBackend,
  BlobCodec,
  BlobStat,
  BlobStore,
  PutOptions,
  PutResult,
  SweepOptions,
} from './blob-store.ts';
import { checkBlobDigest } from './digest.ts';

/** Default age past which `sweep` removes a temporary: a day, far longer than any upload. */
export const DEFAULT_SWEEP_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The content-addressing logic shared by every store: hash the plaintext while it streams into a
 * backend temporary (through an optional codec), commit under the digest only when the source ended
 * within `maxBytes` and matched `expectedSha256`; re-hash on every read.
 */
export class ContentStore<B extends BlobBackend = BlobBackend> implements BlobStore {
  /** Where the stored bytes live (shared by a wrapper such as EncryptedBlobStore). */
  readonly backend: B;
  readonly #codec: BlobCodec | undefined;

  constructor(backend: B, codec?: BlobCodec) {
    this.backend = backend;
    this.#codec = codec;
  }

  async put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<PutResult> {
    const { maxBytes } = options;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new MlsecError('REGISTRY_BLOB_BAD_OPTIONS', 'maxBytes must be a non-negative integer');
    }
    const expected =
      options.expectedSha256 === undefined ? undefined : checkBlobDigest(options.expectedSha256);
    const hash = createHash('sha256');
    let size = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw new MlsecError(
            'REGISTRY_BLOB_TOO_LARGE',
            `blob is larger than the limit of ${maxBytes} bytes`,
          );
        }
        hash.update(chunk);
        yield chunk;
      }
    }
    const finish = (): string => {
      const digest = hash.digest('hex');
      if (expected !== undefined && digest !== expected) {
        throw new MlsecError(
          'REGISTRY_BLOB_DIGEST_MISMATCH',
          `uploaded bytes hash to sha256:${digest}, not the expected sha256:${expected}`,
        );
      }
      return digest;
    };
    // Already stored: still read and hash every byte, so that nobody can claim a blob by its digest
    // alone, but write nothing.
    if (expected !== undefined && (await this.has(expected))) {
      for await (const chunk of counted()) void chunk;
      return { sha256: finish(), size, created: false };
    }
    const writer = await this.backend.begin(
      expected === undefined ? {} : { expectedSha256: expected },
    );
    try {
      const stored = this.#codec ? this.#codec.encode(counted()) : counted();
      for await (const chunk of stored) await writer.write(chunk);
      const sha256 = finish();
      const created = await writer.commit(sha256);
      return { sha256, size, created };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  async get(sha256: string): Promise<Readable> {
    const digest = checkBlobDigest(sha256);
    const stored = await this.backend.read(digest);
    if (stored === undefined) {
      throw new MlsecError('REGISTRY_BLOB_NOT_FOUND', `no blob sha256:${digest}`);
    }
    const plain = this.#codec ? this.#codec.decode(stored) : stored;
    return Readable.from(verified(plain, digest), { objectMode: false });
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    const digest = checkBlobDigest(sha256);
    const storedSize = await this.backend.size(digest);
    if (storedSize === undefined) return undefined;
    const size = this.#codec ? this.#codec.plainSize(storedSize) : storedSize;
    if (size === undefined) {
      throw new MlsecError(
        'REGISTRY_BLOB_CORRUPT',
        `blob sha256:${digest} has a stored size no encrypted blob can have`,
      );
    }
    return { sha256: digest, size };
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.backend.size(checkBlobDigest(sha256))) !== undefined;
  }

  sweep(options: SweepOptions = {}): Promise<number> {
    const age = options.olderThanMs ?? DEFAULT_SWEEP_AGE_MS;
    if (!Number.isFinite(age) || age < 0) {
      throw new MlsecError(
        'REGISTRY_BLOB_BAD_OPTIONS',
        'olderThanMs must be a non-negative number',
      );
    }
    return this.backend.sweep(age);
  }

  remove(sha256: string): Promise<boolean> {
    return this.backend.remove(checkBlobDigest(sha256));
  }
}

/** Pass the chunks through while hashing; throw REGISTRY_BLOB_CORRUPT at the end on a mismatch. */
async function* verified(
  chunks: AsyncIterable<Uint8Array>,
  digest: string,
): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = hash.digest('hex');
  if (actual !== digest) {
    throw new MlsecError(
      'REGISTRY_BLOB_CORRUPT',
      `blob sha256:${digest} now hashes to sha256:${actual}: it was changed or truncated in storage`,
    );
  }
}
