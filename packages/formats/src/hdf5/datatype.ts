import { ReadError } from '@mlsec/core';
import type { Hdf5Cursor } from './cursor.ts';

/**
 * The datatypes the reader decodes, from the Datatype message (spec §IV.A.2.d). Everything else (compound,
 * array, reference, opaque, …) is `other`: the attribute is listed but its value is not decoded.
 */
export type Hdf5Datatype =
  | {
      readonly kind: 'int';
      readonly size: number;
      readonly signed: boolean;
      readonly bigEndian: boolean;
    }
  | { readonly kind: 'float'; readonly size: number; readonly bigEndian: boolean }
  /** Fixed-length string; `padding` 0 null-terminated, 1 null-padded, 2 space-padded. */
  | {
      readonly kind: 'string';
      readonly size: number;
      readonly padding: number;
      readonly utf8: boolean;
    }
  /** Variable-length string: each element is a global heap reference. */
  | {
      readonly kind: 'vlen-string';
      readonly size: number;
      readonly padding: number;
      readonly utf8: boolean;
    }
  | { readonly kind: 'enum'; readonly size: number; readonly base: Hdf5Datatype }
  | { readonly kind: 'other'; readonly size: number; readonly typeClass: number };

const MAX_NESTING = 8;

/** Human name of a datatype class, for messages. */
export function datatypeName(type: Hdf5Datatype): string {
  return type.kind === 'other' ? `class ${type.typeClass}` : type.kind;
}

/**
 * Decode a datatype message from `cursor`. Class bit fields: fixed-point bit 0 byte order and bit 3
 * sign; floating-point bit 0 byte order; string bits 0–3 padding and 4–7 character set; variable-length
 * bits 0–3 type (1 = string), 4–7 padding, 8–11 character set, followed by the base type.
 */
export function readDatatype(cursor: Hdf5Cursor, depth = 0): Hdf5Datatype {
  if (depth > MAX_NESTING) {
    throw new ReadError(
      'HDF5_TOO_DEEP',
      `datatype nested more than ${MAX_NESTING} levels`,
      cursor.fileOffset,
    );
  }
  const at = cursor.fileOffset;
  const classAndVersion = cursor.u8();
  const typeClass = classAndVersion & 0x0f;
  const version = classAndVersion >> 4;
  if (version < 1 || version > 5) {
    throw new ReadError(
      'HDF5_UNSUPPORTED_VERSION',
      `datatype message version ${version} is not 1–5`,
      at,
    );
  }
  const bits = cursor.u8() | (cursor.u8() << 8) | (cursor.u8() << 16);
  const size = cursor.u32();
  switch (typeClass) {
    case 0: {
      cursor.skip(4); // bit offset, bit precision
      return { kind: 'int', size, signed: (bits & 0x08) !== 0, bigEndian: (bits & 0x01) !== 0 };
    }
    case 1: {
      cursor.skip(12); // bit offset, precision, exponent and mantissa layout, exponent bias
      return { kind: 'float', size, bigEndian: (bits & 0x01) !== 0 };
    }
    case 3:
      return { kind: 'string', size, padding: bits & 0x0f, utf8: ((bits >> 4) & 0x0f) === 1 };
    case 8: {
      const base = readDatatype(cursor, depth + 1);
      return { kind: 'enum', size, base }; // member names and values follow; not needed
    }
    case 9: {
      readDatatype(cursor, depth + 1); // base type: characters for strings
      if ((bits & 0x0f) === 1) {
        return {
          kind: 'vlen-string',
          size,
          padding: (bits >> 4) & 0x0f,
          utf8: ((bits >> 8) & 0x0f) === 1,
        };
      }
      return { kind: 'other', size, typeClass };
    }
    default:
      return { kind: 'other', size, typeClass };
  }
}
