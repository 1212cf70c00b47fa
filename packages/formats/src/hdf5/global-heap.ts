import { ReadError, issue } from '@mlsec/core';
import type { Hdf5File } from './file.ts';

interface HeapObject {
  readonly address: number;
  readonly size: number;
}

/**
 * Global heap collections (spec §III.E), where variable-length data such as h5py's string attributes
 * lives. A collection is "GCOL", version 1, 3 reserved bytes and its total size, followed by objects:
 * index (2), reference count (2), 4 reserved bytes, size (a length), then the data padded to 8 bytes.
 * Index 0 is free space. Only object headers are read while indexing a
 * collection; object data is read when asked for.
 */
export class GlobalHeaps {
  private readonly file: Hdf5File;
  private readonly collections = new Map<number, Map<number, HeapObject>>();

  constructor(file: Hdf5File) {
    this.file = file;
  }

  /** The first `length` bytes of object `index` of the collection at `address`. */
  async object(address: number, index: number, length: number): Promise<Uint8Array> {
    const objects = await this.collection(address);
    const object = objects.get(index);
    if (!object) {
      throw new ReadError(
        'HDF5_HEAP_OBJECT_MISSING',
        `global heap collection at ${address} has no object ${index}`,
        this.file.base + address,
      );
    }
    if (length > object.size) {
      throw new ReadError(
        'HDF5_HEAP_OBJECT_SHORT',
        `global heap object ${index} at ${address} holds ${object.size} bytes, not the ${length} referred to`,
        this.file.base + object.address,
      );
    }
    if (length > this.file.bounds.maxValueBytes) {
      throw new ReadError(
        'HDF5_VALUE_TOO_LARGE',
        `a ${length}-byte variable-length value exceeds the limit of ${this.file.bounds.maxValueBytes} bytes`,
        this.file.base + object.address,
      );
    }
    return this.file.read(object.address, length, 'global heap object');
  }

  private async collection(address: number): Promise<Map<number, HeapObject>> {
    const cached = this.collections.get(address);
    if (cached) return cached;
    const { lengths } = this.file.sizes;
    const head = await this.file.cursor(address, 8 + lengths, 'global heap collection');
    head.signature('GCOL', 'global heap collection');
    const version = head.u8();
    if (version !== 1) {
      throw new ReadError(
        'HDF5_UNSUPPORTED_VERSION',
        `global heap version ${version} is not 1`,
        head.at + 4,
      );
    }
    head.skip(3);
    const size = head.lengthField();
    const end = address + size;
    if (size < 8 + lengths || this.file.base + end > this.file.source.size) {
      throw new ReadError(
        'HDF5_ADDRESS_OUT_OF_RANGE',
        `global heap collection at ${address} claims ${size} bytes`,
        head.at,
      );
    }
    const objects = new Map<number, HeapObject>();
    const headerSize = 8 + lengths;
    let at = address + headerSize;
    while (at + headerSize <= end) {
      if (objects.size >= this.file.bounds.maxEntries) {
        throw new ReadError(
          'HDF5_TOO_MANY_ENTRIES',
          `global heap collection at ${address} has too many objects`,
          this.file.base + at,
        );
      }
      const entry = await this.file.cursor(at, headerSize, 'global heap object header');
      const index = entry.u16();
      entry.skip(2 + 4); // reference count, reserved
      const objectSize = entry.lengthField();
      if (index === 0) {
        // Free space; its size includes its header. libhdf5 (H5HG__cache_heap_deserialize) walks on.
        if (objectSize < headerSize) break;
        at += objectSize;
        continue;
      }
      if (objectSize > end - (at + headerSize)) {
        throw new ReadError(
          'HDF5_TRUNCATED',
          `global heap object ${index} overruns its collection`,
          entry.at,
        );
      }
      if (objects.has(index)) {
        // libhdf5 keeps the last object with an index: a reader keeping the first would disagree.
        this.file.issues.push(
          issue(
            'HDF5_DUPLICATE_HEAP_OBJECT',
            `global heap collection at ${address} has two objects ${index}`,
            entry.at,
          ),
        );
      }
      objects.set(index, { address: at + headerSize, size: objectSize });
      at += headerSize + Math.ceil(objectSize / 8) * 8;
    }
    this.collections.set(address, objects);
    return objects;
  }
}
