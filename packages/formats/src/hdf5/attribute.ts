import { ReadError, utf8 } from '@mlsec/core';
import type { Hdf5Cursor } from './cursor.ts';
import { readDataspace } from './dataspace.ts';
import type { Hdf5Dataspace } from './dataspace.ts';
import { readDatatype } from './datatype.ts';
import type { Hdf5Datatype } from './datatype.ts';
import type { Hdf5File } from './file.ts';
import { MSG, MSG_FLAG_SHARED, readObjectHeader } from './object-header.ts';

/** An attribute message split into its parts; the value is decoded separately (value.ts). */
export interface RawAttribute {
  readonly name: string;
  /** File offset of the attribute message. */
  readonly at: number;
  /** Decodes the datatype and dataspace; may fail on its own (the name is still known). */
  readonly layout: () => Promise<{
    datatype: Hdf5Datatype;
    dataspace: Hdf5Dataspace;
    data: Hdf5Cursor;
  }>;
}

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Split an Attribute message (spec §IV.A.2.m). Version 1: reserved byte, name/datatype/dataspace sizes,
 * then each part padded to 8 bytes. Version 2: a flags byte (bit 0 shared datatype, bit 1 shared
 * dataspace) and no padding. Version 3 adds the name's character set. The name size counts its NUL.
 */
export function readAttributeMessage(file: Hdf5File, c: Hdf5Cursor): RawAttribute {
  const at = c.fileOffset;
  const version = c.u8();
  if (version < 1 || version > 3) {
    throw new ReadError(
      'HDF5_UNSUPPORTED_VERSION',
      `attribute message version ${version} is not 1–3`,
      at,
    );
  }
  const flags = c.u8();
  const nameSize = c.u16();
  const datatypeSize = c.u16();
  const dataspaceSize = c.u16();
  if (version === 3) c.u8(); // name character set: ASCII or UTF-8, decoded alike
  if (nameSize > file.bounds.maxStringLength + 1) {
    throw new ReadError(
      'HDF5_STRING_TOO_LONG',
      `attribute name of ${nameSize} bytes exceeds the limit`,
      at,
    );
  }
  const padded = version === 1 ? pad8 : (n: number): number => n;
  const nameBytes = c.bytesView(padded(nameSize)).subarray(0, nameSize);
  const nul = nameBytes.indexOf(0);
  const name = utf8(nul >= 0 ? nameBytes.subarray(0, nul) : nameBytes);
  const datatypeCursor = c.sub(padded(datatypeSize));
  const dataspaceCursor = c.sub(padded(dataspaceSize));
  const data = c.sub(c.remaining);
  const sharedDatatype = version > 1 && (flags & 0x01) !== 0;
  const sharedDataspace = version > 1 && (flags & 0x02) !== 0;
  return {
    name,
    at,
    layout: async () => {
      if (sharedDataspace) {
        throw new ReadError(
          'HDF5_SHARED_MESSAGE_UNSUPPORTED',
          `attribute "${name}" has a shared dataspace`,
          at,
        );
      }
      const datatype = sharedDatatype
        ? await readCommittedDatatype(file, datatypeCursor)
        : readDatatype(datatypeCursor);
      const dataspace = readDataspace(dataspaceCursor, file.bounds.maxEntries);
      return { datatype, dataspace, data };
    },
  };
}

/**
 * A shared datatype (libhdf5 H5O__shared_decode): version 1 skips 6 reserved bytes and a length before
 * the address; versions 2 and 3 give a type (1: shared message heap, unsupported) then the address of
 * the committed datatype's object header, whose Datatype message we read.
 */
async function readCommittedDatatype(file: Hdf5File, c: Hdf5Cursor): Promise<Hdf5Datatype> {
  const at = c.fileOffset;
  const version = c.u8();
  const type = c.u8();
  if (version === 1) c.skip(6 + file.sizes.lengths);
  else if (version < 1 || version > 3) {
    throw new ReadError(
      'HDF5_UNSUPPORTED_VERSION',
      `shared message version ${version} is not 1–3`,
      at,
    );
  } else if (type === 1) {
    throw new ReadError(
      'HDF5_SHARED_MESSAGE_UNSUPPORTED',
      'datatype stored in the shared message heap',
      at,
    );
  }
  const address = c.address();
  if (address === undefined)
    throw new ReadError('HDF5_BAD_SHARED_MESSAGE', 'shared datatype has no address', at);
  const messages = await readObjectHeader(file, address);
  const message = messages.find((m) => m.type === MSG.datatype);
  if (!message || (message.flags & MSG_FLAG_SHARED) !== 0) {
    throw new ReadError(
      'HDF5_BAD_SHARED_MESSAGE',
      `committed datatype at ${address} has no datatype message`,
      at,
    );
  }
  return readDatatype(message.data);
}
