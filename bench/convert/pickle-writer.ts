/**
 * The few protocol-2 opcodes Python's `pickle.Pickler` uses for a torch state dict, written byte for
 * byte as CPython 3.11 writes them (Lib/pickle.py: save_str, save_long, save_tuple, save_global, put
 * and get). Python memoizes by object identity; callers name the objects that are shared (`'cpu'`,
 * a global, a storage key) with a string `identity`, and everything else is memoized anonymously.
 */
export class PickleWriter {
  private readonly parts: number[] = [];
  private readonly memo = new Map<string, number>();
  private next = 0;

  /** Raw opcode bytes. */
  op(...bytes: number[]): void {
    for (const b of bytes) this.parts.push(b);
  }

  private u32(n: number): void {
    this.op(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }

  /** BINPUT / LONG_BINPUT: memoize the object just built (under `identity` when it is shared). */
  put(identity?: string): void {
    const index = this.next++;
    if (identity !== undefined) this.memo.set(identity, index);
    if (index < 256) this.op(0x71, index);
    else {
      this.op(0x72);
      this.u32(index);
    }
  }

  /** BINGET / LONG_BINGET of a shared object when it is memoized; false when it is not yet. */
  get(identity: string): boolean {
    const index = this.memo.get(identity);
    if (index === undefined) return false;
    if (index < 256) this.op(0x68, index);
    else {
      this.op(0x6a);
      this.u32(index);
    }
    return true;
  }

  /** GLOBAL `module\nname\n`, memoized by its qualified name. */
  global(module: string, name: string): void {
    const identity = `global:${module}.${name}`;
    if (this.get(identity)) return;
    this.op(0x63, ...Buffer.from(`${module}\n${name}\n`, 'ascii'));
    this.put(identity);
  }

  /** BINUNICODE; `identity` when Python would pass the same str object again (interned, cached). */
  str(value: string, identity?: string): void {
    if (identity !== undefined && this.get(identity)) return;
    const bytes = Buffer.from(value, 'utf8');
    this.op(0x58);
    this.u32(bytes.length);
    this.op(...bytes);
    this.put(identity);
  }

  /** BININT1 / BININT2 / BININT (ints are never memoized). */
  int(n: number): void {
    if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
      throw new RangeError(`int ${n} needs LONG1, which this writer leaves out`);
    }
    if (n >= 0 && n <= 0xff) this.op(0x4b, n);
    else if (n >= 0 && n <= 0xffff) this.op(0x4d, n & 0xff, n >>> 8);
    else {
      this.op(0x4a);
      this.u32(n);
    }
  }

  /** A tuple of ints: EMPTY_TUPLE (not memoized), TUPLE1-3, or MARK … TUPLE; then memoized. */
  intTuple(values: readonly number[]): void {
    if (values.length === 0) {
      this.op(0x29);
      return;
    }
    if (values.length > 3) this.op(0x28);
    for (const v of values) this.int(v);
    this.op(values.length > 3 ? 0x74 : ([0x85, 0x86, 0x87][values.length - 1] ?? 0));
    this.put();
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
