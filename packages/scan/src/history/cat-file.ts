import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { MlsecError } from '@mlsec/core';
import { collectStderr, exitOf, gitError, spawnGit, startError } from './git-process.ts';

/** Longest header line accepted from cat-file ("<oid> <type> <size>"). */
const MAX_HEADER = 256;

/** Reads lines and exact byte counts from a stream, without holding more than it was asked for. */
class StreamReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(stream: AsyncIterable<Buffer>) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  private async fill(): Promise<void> {
    const next = await this.chunks.next();
    if (next.done === true) {
      throw new MlsecError('SCAN_GIT_FAILED', 'git cat-file stopped before answering');
    }
    this.buffer = this.buffer.length > 0 ? Buffer.concat([this.buffer, next.value]) : next.value;
  }

  async line(): Promise<string> {
    for (;;) {
      const at = this.buffer.indexOf(0x0a);
      if (at >= 0) {
        const line = this.buffer.subarray(0, at).toString('utf8');
        this.buffer = this.buffer.subarray(at + 1);
        return line;
      }
      if (this.buffer.length > MAX_HEADER) {
        throw new MlsecError(
          'SCAN_GIT_FAILED',
          'git cat-file wrote a header line mlsec cannot parse',
        );
      }
      await this.fill();
    }
  }

  /** Exactly `length` bytes, copied into one buffer chunk by chunk. */
  async bytes(length: number): Promise<Uint8Array> {
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      if (this.buffer.length === 0) {
        const next = await this.chunks.next();
        if (next.done === true) {
          throw new MlsecError('SCAN_GIT_FAILED', 'git cat-file stopped in the middle of a blob');
        }
        this.buffer = next.value;
      }
      const n = Math.min(length - filled, this.buffer.length);
      this.buffer.copy(out, filled, 0, n);
      this.buffer = this.buffer.subarray(n);
      filled += n;
    }
    return out;
  }
}

/** What cat-file said about one object. */
export type ObjectInfo =
  | { readonly oid: string; readonly type: string; readonly size: number }
  | { readonly oid: string; readonly missing: true };

function parseHeader(line: string, expected: string): ObjectInfo {
  const missing = /^(\S+) missing$/.exec(line);
  if (missing && missing[1] === expected) return { oid: expected, missing: true };
  const match = /^([0-9a-f]{40,64}) ([a-z]+) (\d{1,15})$/.exec(line);
  if (!match || match[1] !== expected) {
    throw new MlsecError('SCAN_GIT_FAILED', 'git cat-file answered for another object than asked');
  }
  return { oid: expected, type: match[2] ?? '', size: Number(match[3]) };
}

/**
 * One long-lived `git cat-file --batch` (or `--batch-check`) process: ask for an object, get its header
 * and (with --batch) its bytes. Requests go one at a time, so at most one blob is in memory. cat-file
 * applies no textconv or filters unless asked to, so the bytes are exactly what was committed.
 */
export class CatFile {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reader: StreamReader;
  private readonly stderr: () => string;
  private readonly exit: Promise<number | null>;
  private failure: unknown;

  constructor(top: string, mode: '--batch' | '--batch-check') {
    try {
      this.child = spawnGit(top, ['cat-file', mode]);
    } catch (error) {
      throw startError(error);
    }
    this.stderr = collectStderr(this.child);
    this.exit = exitOf(this.child);
    this.exit.catch((error: unknown) => (this.failure = error));
    this.child.stdin.on('error', (error) => (this.failure ??= error));
    this.reader = new StreamReader(this.child.stdout as AsyncIterable<Buffer>);
  }

  private async header(oid: string): Promise<ObjectInfo> {
    if (this.failure !== undefined) throw startError(this.failure);
    this.child.stdin.write(`${oid}\n`);
    try {
      return parseHeader(await this.reader.line(), oid);
    } catch (error) {
      if (this.failure !== undefined) throw startError(this.failure);
      const stderr = this.stderr();
      throw stderr === '' ? error : gitError('SCAN_GIT_FAILED', 'git cat-file failed', stderr);
    }
  }

  /** Type and size of an object (--batch-check mode). */
  info(oid: string): Promise<ObjectInfo> {
    return this.header(oid);
  }

  /** Header and content of an object (--batch mode); content is followed by a newline. */
  async read(oid: string): Promise<{ info: ObjectInfo; bytes?: Uint8Array }> {
    const info = await this.header(oid);
    if ('missing' in info) return { info };
    const bytes = await this.reader.bytes(info.size);
    await this.reader.bytes(1); // the LF after the content
    return { info, bytes };
  }

  /** End the process: closing stdin ends cat-file; `kill` stops it mid-answer (after an error). */
  async close(kill = false): Promise<void> {
    this.child.stdin.end();
    if (kill) this.child.kill();
    await this.exit.catch(() => undefined);
  }
}
