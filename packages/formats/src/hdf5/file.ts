import { ReadError } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits } from '@mlsec/core';
import { Hdf5Cursor } from './cursor.ts';
import type { Hdf5Sizes } from './cursor.ts';

/** Metadata reads are served from cached pages of this size, so many small reads cost few source reads. */
const PAGE = 64 * 1024;
const CACHED_PAGES = 16;

/** Bounds specific to the HDF5 reader, derived from Limits unless given. */
export interface Hdf5Bounds {
  /** Largest decoded attribute value (a model_config string), and largest single heap object. */
  readonly maxValueBytes: number;
  /** Total bytes the reader may request from the source: a maze of metadata cannot make it read 2 GB. */
  readonly maxMetadataBytes: number;
  /** Most header messages, continuation chunks, heap objects and B-tree records, each. */
  readonly maxEntries: number;
  /** Longest attribute name. */
  readonly maxStringLength: number;
}

/**
 * The reader's view of one HDF5 file: range reads relative to the base address (libhdf5 uses the
 * superblock's position as the base, whatever the stored value), a small page cache, a read budget and
 * the issues noticed on the way. Every read past the end of the file is a ReadError.
 */
export class Hdf5File {
  readonly source: ByteSource;
  readonly limits: Limits;
  readonly bounds: Hdf5Bounds;
  readonly issues: FormatIssue[] = [];
  sizes: Hdf5Sizes = { offsets: 8, lengths: 8 };
  base = 0;
  private spent = 0;
  private readonly pages = new Map<number, Uint8Array>();

  constructor(source: ByteSource, limits: Limits, bounds: Hdf5Bounds) {
    this.source = source;
    this.limits = limits;
    this.bounds = bounds;
  }

  /** Read `length` bytes at absolute file offset `offset`; all of them must exist. */
  async readAbsolute(offset: number, length: number, what: string): Promise<Uint8Array> {
    if (
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length) ||
      offset < 0 ||
      length < 0
    ) {
      throw new ReadError('HDF5_ADDRESS_OUT_OF_RANGE', `${what}: bad range ${offset}+${length}`, 0);
    }
    if (offset + length > this.source.size) {
      throw new ReadError(
        'HDF5_ADDRESS_OUT_OF_RANGE',
        `${what} at offset ${offset} (${length} bytes) lies past the end of the ${this.source.size}-byte file`,
        offset,
      );
    }
    if (length === 0) return new Uint8Array(0);
    const first = Math.floor(offset / PAGE);
    const last = Math.floor((offset + length - 1) / PAGE);
    if (first === last) {
      const page = await this.page(first);
      return page.subarray(offset - first * PAGE, offset - first * PAGE + length);
    }
    this.charge(length, what, offset);
    const bytes = await this.source.read(offset, length);
    if (bytes.length !== length) {
      throw new ReadError(
        'HDF5_TRUNCATED',
        `${what} at offset ${offset} could not be read in full`,
        offset,
      );
    }
    return bytes;
  }

  /** Read `length` bytes at `address` (relative to the base address). */
  read(address: number, length: number, what: string): Promise<Uint8Array> {
    return this.readAbsolute(this.base + address, length, what);
  }

  /** A cursor over `length` bytes at `address`. */
  async cursor(address: number, length: number, what: string): Promise<Hdf5Cursor> {
    const bytes = await this.read(address, length, what);
    return new Hdf5Cursor(bytes, this.base + address, this.sizes);
  }

  /** Like cursor(), but clipped to the end of the file (for structures whose length is read first). */
  async cursorUpTo(address: number, length: number, what: string): Promise<Hdf5Cursor> {
    const available = Math.max(0, this.source.size - (this.base + address));
    return this.cursor(address, Math.min(length, available), what);
  }

  private charge(length: number, what: string, offset: number): void {
    this.spent += length;
    if (this.spent > this.bounds.maxMetadataBytes) {
      throw new ReadError(
        'HDF5_READ_LIMIT',
        `reading ${what} would take the metadata read past the limit of ${this.bounds.maxMetadataBytes} bytes`,
        offset,
      );
    }
  }

  private async page(index: number): Promise<Uint8Array> {
    const cached = this.pages.get(index);
    if (cached) {
      this.pages.delete(index); // re-insert: most recently used last
      this.pages.set(index, cached);
      return cached;
    }
    const start = index * PAGE;
    const length = Math.min(PAGE, this.source.size - start);
    this.charge(length, 'metadata page', start);
    const bytes = await this.source.read(start, length);
    if (bytes.length !== length) {
      throw new ReadError(
        'HDF5_TRUNCATED',
        `metadata at offset ${start} could not be read in full`,
        start,
      );
    }
    if (this.pages.size >= CACHED_PAGES) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    this.pages.set(index, bytes);
    return bytes;
  }
}
