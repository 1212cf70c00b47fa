import { ReadError, fail, issue, ok, snippet } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { readAttributeMessage } from './attribute.ts';
import type { RawAttribute } from './attribute.ts';
import { readDenseAttributeMessages } from './dense-attributes.ts';
import { Hdf5File } from './file.ts';
import type { Hdf5Bounds } from './file.ts';
import { GlobalHeaps } from './global-heap.ts';
import { MSG, MSG_FLAG_SHARED, readObjectHeader } from './object-header.ts';
import { readSuperblock } from './superblock.ts';
import { decodeValue } from './value.ts';
import type { Hdf5Value } from './value.ts';

/** One attribute of the root group, in the order the file lists it. */
export interface Hdf5Attribute {
  readonly name: string;
  /** Undefined when the value could not be decoded; an issue says why. */
  readonly value: Hdf5Value | undefined;
  /** File offset of the attribute message (or of its dense-storage index record). */
  readonly offset: number;
  /** Why the value could not be decoded (also in the result's issues). */
  readonly problem?: FormatIssue;
}

/** What readHdf5RootAttributes returns. */
export interface Hdf5RootAttributes {
  readonly superblockVersion: number;
  /** Decoded values by name; the first attribute wins when a name repeats (an issue is raised). */
  readonly attributes: ReadonlyMap<string, Hdf5Value>;
  /** Every attribute, including those whose value could not be decoded. */
  readonly entries: readonly Hdf5Attribute[];
  /** True when some attributes were in dense (fractal heap) storage. */
  readonly dense: boolean;
}

/** Options of readHdf5RootAttributes. */
export interface Hdf5ReadOptions {
  /** Largest decoded value (default `limits.maxStringLength`). */
  readonly maxValueBytes?: number;
  /** Total bytes read from the source (default 256 MiB): a maze of metadata cannot read 2 GB. */
  readonly maxMetadataBytes?: number;
}

/**
 * Default total of bytes read from the source. Independent of `limits.maxBytes` (what is held in memory
 * at once): the reader holds at most 16 pages of 64 KiB plus the values it decodes.
 */
const DEFAULT_MAX_METADATA_BYTES = 256 * 1024 * 1024;

function boundsOf(limits: Limits, options: Hdf5ReadOptions): Hdf5Bounds {
  return {
    maxValueBytes: options.maxValueBytes ?? limits.maxStringLength,
    maxMetadataBytes: options.maxMetadataBytes ?? DEFAULT_MAX_METADATA_BYTES,
    maxEntries: limits.maxEntries,
    maxStringLength: limits.maxStringLength,
  };
}

function toIssue(error: ReadError, fatal: boolean, prefix = ''): FormatIssue {
  const code =
    error.code === 'TRUNCATED'
      ? 'HDF5_TRUNCATED'
      : error.code.startsWith('HDF5_')
        ? error.code
        : `HDF5_${error.code}`;
  return issue(code, `${prefix}${error.message}`, error.offset, fatal);
}

/**
 * Read the attributes of an HDF5 file's root group — where Keras 2 keeps `model_config`,
 * `training_config`, `keras_version` and `backend` — without reading any dataset. Reads only the
 * superblock, the root object header (with continuations), dense attribute storage and the global
 * heap objects that hold string values, all through range reads under the given limits. Never throws on
 * bad input: a structure it cannot read is a fatal issue (ok: false, with what was read so far as
 * `partial`); a single value it cannot decode is a non-fatal issue and an entry without a value.
 *
 * @example
 * const result = await readHdf5RootAttributes(source, DEFAULT_LIMITS);
 * if (result.ok) console.log(result.value.attributes.get('model_config'));
 */
export async function readHdf5RootAttributes(
  source: ByteSource,
  limits: Limits,
  options: Hdf5ReadOptions = {},
): Promise<ParseResult<Hdf5RootAttributes>> {
  const file = new Hdf5File(source, limits, boundsOf(limits, options));
  const heaps = new GlobalHeaps(file);
  const entries: Hdf5Attribute[] = [];
  const attributes = new Map<string, Hdf5Value>();
  const names = new Set<string>();
  let superblockVersion = -1;
  let dense = false;
  const result = (): Hdf5RootAttributes => ({ superblockVersion, attributes, entries, dense });

  const add = async (raw: RawAttribute): Promise<void> => {
    if (entries.length >= limits.maxEntries) {
      throw new ReadError(
        'HDF5_TOO_MANY_ENTRIES',
        `more than ${limits.maxEntries} attributes`,
        raw.at,
      );
    }
    let value: Hdf5Value | undefined;
    let problem: FormatIssue | undefined;
    try {
      const { datatype, dataspace, data } = await raw.layout();
      value = await decodeValue(file, heaps, datatype, dataspace, data);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      problem = toIssue(error, false, `attribute "${snippet(raw.name, 80)}": `);
      file.issues.push(problem);
    }
    if (names.has(raw.name)) {
      file.issues.push(
        issue(
          'HDF5_DUPLICATE_ATTRIBUTE',
          `attribute "${snippet(raw.name, 80)}" appears twice`,
          raw.at,
        ),
      );
    } else if (value !== undefined) {
      attributes.set(raw.name, value);
    }
    names.add(raw.name);
    entries.push({ name: raw.name, value, offset: raw.at, ...(problem ? { problem } : {}) });
  };

  try {
    const superblock = await readSuperblock(file);
    superblockVersion = superblock.version;
    if (
      superblock.endOfFile !== undefined &&
      source.size < superblock.offset + superblock.endOfFile
    ) {
      // libhdf5 (H5F__super_read) refuses such a file; say so, but read on: nothing here is trusted.
      file.issues.push(
        issue(
          'HDF5_TRUNCATED_FILE',
          `the file has ${source.size} bytes but its superblock says it ends at ${superblock.offset + superblock.endOfFile}`,
          superblock.offset,
        ),
      );
    }
    const messages = await readObjectHeader(file, superblock.rootObjectHeader);
    for (const message of messages) {
      if (message.type !== MSG.attribute && message.type !== MSG.attributeInfo) continue;
      if (message.flags & MSG_FLAG_SHARED) {
        throw new ReadError(
          'HDF5_SHARED_MESSAGE_UNSUPPORTED',
          'a root group attribute is stored in the shared message heap, which is not supported',
          message.data.at,
        );
      }
      if (message.type === MSG.attribute) {
        await add(readAttributeMessage(file, message.data));
      } else {
        const stored = await readDenseAttributeMessages(file, message.data);
        dense ||= stored.length > 0;
        for (const cursor of stored) await add(readAttributeMessage(file, cursor));
      }
    }
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
    return fail([...file.issues, toIssue(error, true)], result());
  }
  return ok(result(), file.issues);
}
