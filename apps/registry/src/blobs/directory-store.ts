import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import {
  chmod,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { MlsecError } from '@mlsec/core';
import type { BlobBackend, BlobWriter } from './blob-store.ts';
import { ContentStore } from './content-store.ts';

const READ_CHUNK = 1024 * 1024;
const TEMP_NAME = /^[0-9a-f]{32}\.part$/;
const { O_CREAT, O_EXCL, O_WRONLY, O_RDONLY, O_NOFOLLOW, O_DIRECTORY } = constants;

/**
 * A content-addressed blob directory: `<root>/sha256/ab/cd/<hex>` (mode 0400 in 0700 folders), temporaries
 * in `<root>/tmp` on the same file system. A blob appears by `link(2)` from its fsynced temporary (atomic,
 * and never replaces a blob already there), then the folder is fsynced. Symlinks are refused everywhere
 * under the root, and paths are built only from checked digests, so nothing outside the root is touched.
 *
 * @example
 * const store = await DirectoryBlobStore.open('/var/lib/mlsec/blobs');
 * const { sha256 } = await store.put(fs.createReadStream('model.safetensors'), { maxBytes: 2 ** 40 });
 */
export class DirectoryBlobStore extends ContentStore<DirectoryBackend> {
  /**
   * Open the store at `root`, creating it if needed; with `create: false` (an audit, which must not
   * write to what it checks) a missing folder is REGISTRY_BLOB_STORE_FAILED instead.
   */
  static async open(
    root: string,
    options: { readonly create?: boolean } = {},
  ): Promise<DirectoryBlobStore> {
    return new DirectoryBlobStore(await DirectoryBackend.open(root, options.create ?? true));
  }
}

/** The folder behind {@link DirectoryBlobStore}. */
export class DirectoryBackend implements BlobBackend {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  /** Create (0700) or check the root and its `sha256` and `tmp` folders; only check them unless `create`. */
  static async open(root: string, create = true): Promise<DirectoryBackend> {
    if (!create) {
      if ((await lstatOrUndefined(root)) === undefined) {
        throw new MlsecError('REGISTRY_BLOB_STORE_FAILED', 'the blob folder does not exist');
      }
      await checkDir(root, 'the blob root');
      return new DirectoryBackend(root);
    }
    await io(() => mkdir(root, { recursive: true, mode: 0o700 }));
    await checkDir(root, 'the blob root');
    for (const sub of ['sha256', 'tmp']) await ensureDir(join(root, sub));
    return new DirectoryBackend(root);
  }

  /** Path of the blob with this (checked) digest. */
  blobPath(sha256: string): string {
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async begin(): Promise<BlobWriter> {
    await checkDir(join(this.root, 'tmp'), 'the temporaries folder');
    const temp = join(this.root, 'tmp', `${randomBytes(16).toString('hex')}.part`);
    const handle = await io(() => open(temp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o600));
    return new DirectoryWriter(this, temp, handle);
  }

  async read(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const path = this.blobPath(sha256);
    if ((await this.size(sha256)) === undefined) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(path, O_RDONLY | O_NOFOLLOW);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return undefined;
      if (codeOf(error) === 'ELOOP') throw unsafe(`blob sha256:${sha256} is a symlink`);
      throw failed('open a blob', error);
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw unsafe(`blob sha256:${sha256} is not a regular file`);
    }
    return readChunks(handle);
  }

  async size(sha256: string): Promise<number | undefined> {
    const shard1 = join(this.root, 'sha256', sha256.slice(0, 2));
    for (const dir of [shard1, join(shard1, sha256.slice(2, 4))]) {
      const stats = await lstatOrUndefined(dir);
      if (stats === undefined) return undefined;
      if (!stats.isDirectory()) throw unsafe('a blob folder is a symlink or not a folder');
    }
    const stats = await lstatOrUndefined(this.blobPath(sha256));
    if (stats === undefined) return undefined;
    if (!stats.isFile()) throw unsafe(`blob sha256:${sha256} is a symlink or not a regular file`);
    return stats.size;
  }

  async sweep(olderThanMs: number): Promise<number> {
    const tmp = join(this.root, 'tmp');
    await checkDir(tmp, 'the temporaries folder');
    let removed = 0;
    const now = Date.now();
    for (const name of await io(() => readdir(tmp))) {
      if (!TEMP_NAME.test(name)) continue;
      const stats = await lstatOrUndefined(join(tmp, name));
      if (stats === undefined || now - stats.mtimeMs < olderThanMs) continue;
      if (await unlinkIfPresent(join(tmp, name))) removed += 1;
    }
    return removed;
  }

  async remove(sha256: string): Promise<boolean> {
    if ((await this.size(sha256)) === undefined) return false;
    const path = this.blobPath(sha256);
    const removed = await unlinkIfPresent(path);
    await fsyncDir(join(path, '..'));
    return removed;
  }

  /** Create the blob's two shard folders (0700) and fsync every folder that gained an entry. */
  async prepareShards(sha256: string): Promise<string> {
    const top = join(this.root, 'sha256');
    const one = join(top, sha256.slice(0, 2));
    const two = join(one, sha256.slice(2, 4));
    if (await ensureDir(one)) await fsyncDir(top);
    if (await ensureDir(two)) await fsyncDir(one);
    return two;
  }
}

/** Bytes gathered before one write(2): few, large writes instead of one per network chunk. */
export const WRITE_BATCH = 8 * 1024 * 1024;

/**
 * Writes the temporary in large batches through two buffers: one fills from the network while the
 * other is being written, so receiving and writing overlap and no per-chunk buffer is allocated.
 */
class DirectoryWriter implements BlobWriter {
  readonly #backend: DirectoryBackend;
  readonly #temp: string;
  readonly #handle: FileHandle;
  #closed = false;
  readonly #buffers = [Buffer.allocUnsafe(WRITE_BATCH), Buffer.allocUnsafe(WRITE_BATCH)];
  /** The write in flight for each buffer (at most one runs at a time). */
  readonly #writing: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  #current = 0;
  #filled = 0;
  /** The first failed write, rethrown at the next call (a write in flight is never left unobserved). */
  #failure: unknown;

  constructor(backend: DirectoryBackend, temp: string, handle: FileHandle) {
    this.#backend = backend;
    this.#temp = temp;
    this.#handle = handle;
  }

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const buffer = this.#buffers[this.#current] as Buffer;
      const n = Math.min(buffer.length - this.#filled, chunk.byteLength - offset);
      buffer.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === buffer.length) await this.#flush();
    }
  }

  /** Start writing the current buffer and switch to the other, once its own write has finished. */
  async #flush(): Promise<void> {
    const index = this.#current;
    const bytes = (this.#buffers[index] as Buffer).subarray(0, this.#filled);
    const other = 1 - index;
    await this.#writing[other];
    this.#check();
    this.#writing[index] = writeFully(this.#handle, bytes).catch((error: unknown) => {
      this.#failure ??= error;
    });
    this.#current = other;
    this.#filled = 0;
  }

  #check(): void {
    if (this.#failure !== undefined) throw failed('write a blob temporary', this.#failure);
  }

  async commit(sha256: string): Promise<boolean> {
    if (this.#filled > 0) await this.#flush();
    await Promise.all(this.#writing);
    this.#check();
    await io(() => this.#handle.sync());
    this.#closed = true;
    await io(() => this.#handle.close());
    await io(() => chmod(this.#temp, 0o400));
    const dir = await this.#backend.prepareShards(sha256);
    let created = true;
    try {
      await link(this.#temp, this.#backend.blobPath(sha256));
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw failed('link a blob into place', error);
      created = false; // the same content is already there: content addressing makes this a no-op
    }
    await unlinkIfPresent(this.#temp);
    await fsyncDir(dir);
    return created;
  }

  async abort(): Promise<void> {
    await Promise.all(this.#writing);
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => undefined);
    }
    await unlinkIfPresent(this.#temp).catch(() => undefined);
  }
}

/** write(2) until every byte is written (a regular file may take fewer at once). */
async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function* readChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK);
      const { bytesRead } = await io(() => handle.read(buffer, 0, READ_CHUNK, null));
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** mkdir (0700) unless present; refuse a symlink or non-folder. True if it was created. */
async function ensureDir(path: string): Promise<boolean> {
  try {
    await mkdir(path, { mode: 0o700 });
    return true;
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw failed('create a blob folder', error);
  }
  await checkDir(path, 'a blob folder');
  return false;
}

async function checkDir(path: string, what: string): Promise<void> {
  const stats = await io(() => lstat(path));
  if (!stats.isDirectory()) throw unsafe(`${what} is a symlink or not a folder`);
}

async function fsyncDir(path: string): Promise<void> {
  const handle = await io(() => open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
  try {
    await io(() => handle.sync());
  } finally {
    await handle.close();
  }
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw failed('inspect a blob path', error);
  }
}

async function unlinkIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw failed('remove a blob file', error);
  }
}

async function io<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof MlsecError) throw error;
    throw failed('use the blob directory', error);
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined;
}

function failed(what: string, cause: unknown): MlsecError {
  return new MlsecError(
    'REGISTRY_BLOB_STORE_FAILED',
    `could not ${what} (${codeOf(cause) ?? 'error'})`,
    { cause },
  );
}

function unsafe(message: string): MlsecError {
  return new MlsecError('REGISTRY_BLOB_UNSAFE_PATH', message);
}
