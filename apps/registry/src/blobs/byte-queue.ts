/** Reads exact byte counts out of an async stream of chunks, holding at most what was asked for. */
export class ByteQueue {
  readonly #source: AsyncIterator<Uint8Array>;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  async #fill(wanted: number): Promise<void> {
    while (this.#queued < wanted && !this.#done) {
      const next = await this.#source.next();
      if (next.done === true) this.#done = true;
      else if (next.value.byteLength > 0) {
        this.#queue.push(next.value);
        this.#queued += next.value.byteLength;
      }
    }
  }

  /** Exactly `length` bytes, or fewer when the stream ends first. */
  async read(length: number): Promise<Buffer> {
    await this.#fill(length);
    const all = Buffer.concat(this.#queue, this.#queued);
    const take = Math.min(length, all.length);
    const out = Buffer.from(all.subarray(0, take));
    this.#queue = take < all.length ? [all.subarray(take)] : [];
    this.#queued = all.length - take;
    return out;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    await this.#fill(1);
    return this.#queued === 0;
  }

  /** Stop reading the source early (closes a file or socket behind it). */
  async close(): Promise<void> {
    await this.#source.return?.();
  }
}
