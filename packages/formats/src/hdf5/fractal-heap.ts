import { ReadError } from '@mlsec/core';
import { Hdf5Cursor, isPowerOfTwo, limitEncSize, log2 } from './cursor.ts';
import type { Hdf5File } from './file.ts';
import { readBtree2Records } from './btree2.ts';

/** v2 B-tree type 1: "huge" fractal heap objects without I/O filters. */
const HUGE_OBJECT_BTREE = 1;

interface HeapHeader {
  readonly address: number;
  readonly idLength: number;
  readonly flags: number;
  readonly hugeBtree: number | undefined;
  readonly tableWidth: number;
  readonly startBlockSize: number;
  readonly maxDirectBlockSize: number;
  readonly offsetSize: number;
  readonly lengthSize: number;
  readonly rootBlock: number | undefined;
  readonly rootRows: number;
  readonly maxDirectRows: number;
}

/**
 * A fractal heap (spec §III.G), where dense attribute and link storage keeps its messages. Only what a
 * reader needs: the header ("FRHP"), lookup of managed objects through the doubling table of direct
 * ("FHDB") and indirect ("FHIB") blocks, tiny objects stored inside the heap ID, and unfiltered huge
 * objects (directly addressed, or through a type 1 v2 B-tree). Heaps with I/O filters are refused.
 */
export class FractalHeap {
  private readonly file: Hdf5File;
  private readonly header: HeapHeader;
  private huge: Map<number, { address: number; length: number }> | undefined;

  private constructor(file: Hdf5File, header: HeapHeader) {
    this.file = file;
    this.header = header;
  }

  /** Decode the heap header at `address`. */
  static async open(file: Hdf5File, address: number): Promise<FractalHeap> {
    const { offsets, lengths } = file.sizes;
    const c = await file.cursorUpTo(
      address,
      4 + 1 + 2 + 2 + 1 + 4 + 12 * lengths + 4 * offsets + 2 + 2 + 2 + 2,
      'fractal heap header',
    );
    c.signature('FRHP', 'fractal heap header');
    const version = c.u8();
    if (version !== 0)
      throw new ReadError(
        'HDF5_UNSUPPORTED_VERSION',
        `fractal heap version ${version} is not 0`,
        c.at,
      );
    const idLength = c.u16();
    const filterLength = c.u16();
    const flags = c.u8();
    const maxManagedSize = c.u32();
    c.lengthField(); // next huge object ID
    const hugeBtree = c.address();
    c.lengthField(); // free space in managed blocks
    c.address(); // free-space manager
    for (let i = 0; i < 8; i++) c.lengthField(); // managed space … number of tiny objects
    const tableWidth = c.u16();
    const startBlockSize = c.lengthField();
    const maxDirectBlockSize = c.lengthField();
    const maxHeapBits = c.u16();
    c.u16(); // starting rows of the root indirect block
    const rootBlock = c.address();
    const rootRows = c.u16();
    if (filterLength > 0) {
      throw new ReadError(
        'HDF5_DENSE_ATTRIBUTES_UNSUPPORTED',
        'fractal heaps with I/O filters are not supported',
        c.at,
      );
    }
    const plausible =
      idLength >= 2 &&
      isPowerOfTwo(tableWidth) &&
      isPowerOfTwo(startBlockSize) &&
      isPowerOfTwo(maxDirectBlockSize) &&
      maxDirectBlockSize >= startBlockSize &&
      maxHeapBits > 0 &&
      maxHeapBits <= 64 &&
      rootRows <= 64 &&
      maxManagedSize > 0;
    if (!plausible)
      throw new ReadError(
        'HDF5_BAD_HEAP',
        `fractal heap at ${address} has implausible geometry`,
        c.at,
      );
    // H5HF__hdr_finish_init_phase1: heap offsets take ceil(bits/8) bytes; managed lengths the smaller of
    // the direct-block offset size and the size that encodes the largest managed object.
    const offsetSize = Math.ceil(maxHeapBits / 8);
    const lengthSize = Math.min(
      Math.ceil(log2(maxDirectBlockSize) / 8),
      limitEncSize(maxManagedSize),
    );
    const maxDirectRows = log2(maxDirectBlockSize) - log2(startBlockSize) + 2;
    return new FractalHeap(file, {
      address,
      idLength,
      flags,
      hugeBtree,
      tableWidth,
      startBlockSize,
      maxDirectBlockSize,
      offsetSize,
      lengthSize,
      rootBlock,
      rootRows,
      maxDirectRows,
    });
  }

  /** The bytes of the object a heap ID names. */
  async object(id: Uint8Array, at: number): Promise<Uint8Array> {
    const c = new Hdf5Cursor(id, at, this.file.sizes);
    const first = c.u8();
    if (first >> 6 !== 0)
      throw new ReadError('HDF5_BAD_HEAP_ID', `heap ID version ${first >> 6} is not 0`, at);
    const type = (first >> 4) & 0x03;
    if (type === 0) {
      const offset = c.uint(this.header.offsetSize);
      const length = c.uint(this.header.lengthSize);
      return this.managed(offset, length, at);
    }
    if (type === 2) {
      // Tiny objects live in the ID itself (H5HF__tiny_init / H5HF__tiny_op_real).
      const extended = this.header.idLength - 1 > 17;
      const length = extended ? (((first & 0x0f) << 8) | c.u8()) + 1 : (first & 0x0f) + 1;
      return c.bytesView(length);
    }
    if (type === 1) return this.hugeObject(c, at);
    throw new ReadError('HDF5_BAD_HEAP_ID', `heap ID type ${type} is reserved`, at);
  }

  private checkLength(length: number, at: number): void {
    if (length > this.file.bounds.maxValueBytes) {
      throw new ReadError(
        'HDF5_VALUE_TOO_LARGE',
        `a ${length}-byte heap object exceeds the limit of ${this.file.bounds.maxValueBytes} bytes`,
        at,
      );
    }
  }

  /** Walk the doubling table from the root block to the direct block holding heap offset `offset`. */
  private async managed(offset: number, length: number, at: number): Promise<Uint8Array> {
    this.checkLength(length, at);
    const h = this.header;
    if (h.rootBlock === undefined)
      throw new ReadError('HDF5_HEAP_OBJECT_MISSING', 'the fractal heap is empty', at);
    let block = h.rootBlock;
    let blockOffset = 0;
    let blockSize = h.startBlockSize;
    let rows = h.rootRows;
    for (let level = 0; rows > 0; level++) {
      if (level > 64)
        throw new ReadError('HDF5_BAD_HEAP', 'fractal heap indirect blocks nest too deep', at);
      const { offsets } = this.file.sizes;
      const entriesAt = 5 + offsets + h.offsetSize; // after signature, version, header address, offset
      const head = await this.file.cursor(block, entriesAt, 'fractal heap indirect block');
      head.signature('FHIB', 'fractal heap indirect block');
      let rel = offset - blockOffset;
      let next: { entry: number; size: number; rows: number; start: number } | undefined;
      for (let row = 0; row < rows && !next; row++) {
        const size = row === 0 ? h.startBlockSize : h.startBlockSize * 2 ** (row - 1);
        if (rel >= size * h.tableWidth) {
          rel -= size * h.tableWidth;
          continue;
        }
        const column = Math.floor(rel / size);
        const childRows =
          row < h.maxDirectRows ? 0 : log2(size) - log2(h.startBlockSize * h.tableWidth) + 1;
        next = {
          entry: row * h.tableWidth + column,
          size,
          rows: childRows,
          start: offset - (rel - column * size),
        };
      }
      // Read only the child address needed, not the whole (possibly huge) table of entries.
      const entry =
        next &&
        (await this.file.cursor(
          block + entriesAt + next.entry * offsets,
          offsets,
          'fractal heap entry',
        ));
      const address = entry?.address();
      if (!next || address === undefined) {
        throw new ReadError(
          'HDF5_HEAP_OBJECT_MISSING',
          `fractal heap offset ${offset} lies in no allocated block`,
          at,
        );
      }
      block = address;
      blockOffset = next.start;
      blockSize = next.size;
      rows = next.rows;
    }
    const within = offset - blockOffset;
    if (within < 0 || within + length > blockSize) {
      throw new ReadError(
        'HDF5_BAD_HEAP_ID',
        `heap object at offset ${offset} (${length} bytes) overruns its block`,
        at,
      );
    }
    const head = await this.file.cursor(block, 5, 'fractal heap direct block');
    head.signature('FHDB', 'fractal heap direct block');
    return this.file.read(block + within, length, 'fractal heap object');
  }

  private async hugeObject(c: Hdf5Cursor, at: number): Promise<Uint8Array> {
    const { offsets, lengths } = this.file.sizes;
    // H5HF__huge_init: without filters, IDs hold address and length directly when they fit.
    if (this.header.idLength - 1 >= offsets + lengths) {
      const address = c.address();
      const length = c.lengthField();
      if (address === undefined)
        throw new ReadError('HDF5_BAD_HEAP_ID', 'huge heap object has no address', at);
      this.checkLength(length, at);
      return this.file.read(address, length, 'huge fractal heap object');
    }
    const key = c.uint(Math.min(this.header.idLength - 1, 8));
    if (!this.huge) {
      this.huge = new Map();
      if (this.header.hugeBtree !== undefined) {
        for (const record of await readBtree2Records(
          this.file,
          this.header.hugeBtree,
          HUGE_OBJECT_BTREE,
        )) {
          const address = record.address();
          const length = record.lengthField();
          const id = record.lengthField();
          if (address !== undefined) this.huge.set(id, { address, length });
        }
      }
    }
    const found = this.huge.get(key);
    if (!found)
      throw new ReadError(
        'HDF5_HEAP_OBJECT_MISSING',
        `huge heap object ${key} is not in the heap's B-tree`,
        at,
      );
    this.checkLength(found.length, at);
    return this.file.read(found.address, found.length, 'huge fractal heap object');
  }
}
