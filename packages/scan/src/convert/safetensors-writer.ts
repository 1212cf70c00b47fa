import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isMlsecError, MlsecError, sha256File, snippet } from '@mlsec/core';
import { planHeader } from './plan-header.ts';
import type { TensorInput, TensorSink } from './tensor-input.ts';

/** Bytes gathered before one write to disk: small chunks from a producer cost one syscall each. */
const WRITE_BUFFER = 1024 * 1024;

/** What writeSafetensors wrote. */
export interface WriteResult {
  /** SHA-256 of the whole file, hex, read back (while it was flushed) before it was renamed into place. */
  readonly sha256: string;
  readonly totalBytes: number;
  /** Length prefix, JSON and padding. */
  readonly headerBytes: number;
  readonly dataBytes: number;
  /** Tensor names in file order. */
  readonly order: readonly string[];
}

export interface WriteOptions {
  /** `__metadata__`: string values only (e.g. `format: 'pt'`, the source digest, tied names). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Largest header (JSON and padding) to write; never more than the reader's 100 MB. */
  readonly maxHeaderBytes?: number;
  /**
   * Metadata values known only later, each of a fixed length (a digest being computed while the
   * tensors are written). The header is written with placeholders and rewritten once they settle.
   */
  readonly lateMetadata?: Readonly<Record<string, LateMetadataValue>>;
}

export interface LateMetadataValue {
  /** Length of the value in characters; the value must have exactly this length. */
  readonly length: number;
  readonly value: Promise<string>;
}

/** The metadata with each late value settled, or with a placeholder of its length. */
async function withLate(
  metadata: Readonly<Record<string, string>> | undefined,
  late: Readonly<Record<string, LateMetadataValue>>,
  settle: boolean,
): Promise<Record<string, string> | undefined> {
  const entries = Object.entries(late);
  if (entries.length === 0) return metadata === undefined ? undefined : { ...metadata };
  const out = new Map(Object.entries(metadata ?? {}));
  for (const [key, { length, value }] of entries) {
    const text = settle ? await value : '0'.repeat(length);
    if (text.length !== length) {
      throw new MlsecError(
        'SCAN_CONVERT_INVALID_INPUT',
        `metadata "${snippet(key, 80)}" is ${text.length} characters, not the ${length} announced`,
      );
    }
    out.set(key, text);
  }
  return Object.fromEntries(out);
}

/** Appends to the temporary file through a bounded buffer (large chunks are written as they are). */
class BufferedFile {
  private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER);
  private used = 0;
  position = 0;

  private readonly handle: FileHandle;

  constructor(handle: FileHandle) {
    this.handle = handle;
  }

  async append(chunk: Uint8Array): Promise<void> {
    if (this.used + chunk.length > WRITE_BUFFER) await this.flush();
    if (chunk.length >= WRITE_BUFFER) await this.writeAll(chunk);
    else {
      this.buffer.set(chunk, this.used);
      this.used += chunk.length;
    }
  }

  async flush(): Promise<void> {
    const pending = this.buffer.subarray(0, this.used);
    this.used = 0;
    await this.writeAll(pending);
  }

  /** Overwrite bytes already written (the header, once late metadata is known). */
  async rewrite(bytes: Uint8Array, at: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, at + done);
      done += bytesWritten;
    }
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, null);
      done += bytesWritten;
    }
    this.position += bytes.length;
  }
}

/**
 * Run one tensor's producer into the file, counting its bytes: a chunk past the announced length is
 * refused before it is written, and a producer that stops short is an error too. Writes are queued,
 * so a producer that forgets to await still writes in order; the sink refuses writes once done.
 */
async function writeTensor(file: BufferedFile, tensor: TensorInput): Promise<void> {
  const label = `tensor "${snippet(tensor.name, 80)}"`;
  let received = 0;
  let open = true;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (step: () => Promise<void>): Promise<void> => {
    queue = queue.then(step);
    // Handled here so a producer that drops the promise cannot crash the process; the failure
    // still surfaces below, where the queue is awaited.
    queue.catch(() => undefined);
    return queue;
  };
  const sink: TensorSink = {
    write(chunk: Uint8Array): Promise<void> {
      if (!open) {
        return Promise.reject(
          new MlsecError('SCAN_CONVERT_BYTE_COUNT', `${label} wrote after its producer finished`),
        );
      }
      received += chunk.length;
      if (received > tensor.byteLength) {
        open = false;
        const error = new MlsecError(
          'SCAN_CONVERT_BYTE_COUNT',
          `${label} yielded more than its ${tensor.byteLength} bytes`,
        );
        return enqueue(() => Promise.reject(error));
      }
      return enqueue(() => file.append(chunk));
    },
  };
  let failed: { error: unknown } | undefined;
  try {
    await tensor.write(sink);
  } catch (error) {
    failed = { error };
  }
  open = false;
  // Let queued writes settle before the caller closes the file; the producer's failure comes first.
  const queued = await queue.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (failed) throw failed.error;
  if (queued) throw queued.error;
  if (received !== tensor.byteLength) {
    throw new MlsecError(
      'SCAN_CONVERT_BYTE_COUNT',
      `${label} yielded ${received} of its ${tensor.byteLength} bytes`,
    );
  }
}

function asWriteError(error: unknown, target: string): MlsecError {
  if (isMlsecError(error)) return error;
  const reason = error instanceof Error && 'code' in error ? String(error.code) : 'an error';
  return new MlsecError(
    'SCAN_CONVERT_WRITE_FAILED',
    `writing ${snippet(basename(target), 80)} failed (${snippet(reason, 40)})`,
    { cause: error },
  );
}

/**
 * Write a SafeTensors file at `target`, streaming each tensor's bytes from its producer. The file is
 * written to a temporary name in the same folder, flushed to disk and renamed into place, so `target`
 * is either the complete new file or untouched; on any error the temporary file is removed.
 * Inputs are validated first (SCAN_CONVERT_INVALID_INPUT, nothing created); a producer yielding the
 * wrong number of bytes is SCAN_CONVERT_BYTE_COUNT; I/O and producer failures are
 * SCAN_CONVERT_WRITE_FAILED (a producer's own MlsecError is passed on as it is).
 *
 * @example
 *   const result = await writeSafetensors('model.safetensors', tensors, { metadata: { format: 'pt' } });
 *   console.log(result.sha256, result.totalBytes);
 */
export async function writeSafetensors(
  target: string,
  tensors: readonly TensorInput[],
  options: WriteOptions = {},
): Promise<WriteResult> {
  const late = options.lateMetadata ?? {};
  // A late value that fails while the tensors are written is reported where it is awaited, below.
  for (const { value } of Object.values(late)) value.catch(() => undefined);
  const plan = planHeader(
    tensors,
    await withLate(options.metadata, late, false),
    options.maxHeaderBytes,
  );
  const temp = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`,
  );
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o644);
    const file = new BufferedFile(handle);
    await file.append(plan.prefix);
    for (const { input } of plan.tensors) await writeTensor(file, input);
    await file.flush();
    if (Object.keys(late).length > 0) {
      const final = planHeader(
        tensors,
        await withLate(options.metadata, late, true),
        options.maxHeaderBytes,
      );
      if (final.prefix.length !== plan.prefix.length) {
        throw new MlsecError('SCAN_CONVERT_INVALID_INPUT', 'late metadata changed the header size');
      }
      await file.rewrite(final.prefix, 0);
    }
    // The digest is of the finished file, read back (from the page cache) while it is flushed to disk.
    const [sha256] = await Promise.all([sha256File(temp), handle.sync()]);
    await handle.close();
    handle = undefined;
    await rename(temp, target);
    await syncFolder(dirname(target));
    return {
      sha256,
      totalBytes: file.position,
      headerBytes: plan.prefix.length,
      dataBytes: plan.dataBytes,
      order: plan.tensors.map((t) => t.input.name),
    };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw asWriteError(error, target);
  }
}

/** Make the rename durable; folders cannot be opened for sync everywhere, so this is best effort. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Windows and some file systems refuse fsync on a folder; the file itself is already synced.
  }
}
