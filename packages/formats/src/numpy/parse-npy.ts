import { fail, issue, latin1, ok, snippet } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { interpretDescr } from './descr.ts';
import { formatPyValue } from './format-py.ts';
import { PyLiteralError, parsePyLiteral } from './py-literal.ts';
import type { PyValue } from './py-literal.ts';

/** The header of a .npy file and where its data lies. */
export interface NpyHeader {
  readonly major: number;
  readonly minor: number;
  /** The `descr` literal as written, and rendered in Python syntax. */
  readonly descr: PyValue;
  readonly descrText: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** File offset of the array data (after magic, version, length and header). */
  readonly dataOffset: number;
  /** Bytes from dataOffset to the end of the file. */
  readonly dataLength: number;
  /** The dtype holds Python objects: the data is a pickle and np.load needs allow_pickle=True. */
  readonly hasObjects: boolean;
  /** Bytes the data should take (elements × item size), when the dtype is plain and sizes are known. */
  readonly expectedDataLength?: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const KEYS = ['descr', 'fortran_order', 'shape'];
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Parse a NumPy .npy header (format versions 1.0, 2.0 and 3.0, numpy/lib/format.py): magic, version,
 * a little-endian u16 (1.0) or u32 (2.0, 3.0) header length, then a Python dict literal with exactly
 * `descr`, `fortran_order` and `shape`. The dict is read by a strict literal parser, never evaluated.
 *
 * @example
 *   const result = await parseNpy(memorySource(bytes), DEFAULT_LIMITS);
 *   if (result.ok && result.value.hasObjects) console.log('needs allow_pickle');
 */
export async function parseNpy(
  source: ByteSource,
  limits: Limits,
): Promise<ParseResult<NpyHeader>> {
  const size = source.size;
  const head = await source.read(0, 12);
  if (head.length < 10)
    return fail([issue('NUMPY_TRUNCATED', 'the file is shorter than a .npy preamble', 0, true)]);
  if (!MAGIC.every((b, i) => head[i] === b)) {
    return fail([issue('NUMPY_BAD_MAGIC', 'the file does not start with \\x93NUMPY', 0, true)]);
  }
  const major = head[6] ?? 0;
  const minor = head[7] ?? 0;
  if (major < 1 || major > 3 || minor !== 0) {
    return fail([
      issue(
        'NUMPY_UNSUPPORTED_VERSION',
        `format version ${major}.${minor} is not 1.0, 2.0 or 3.0`,
        6,
        true,
      ),
    ]);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (major > 1 && head.length < 12) {
    return fail([issue('NUMPY_TRUNCATED', 'the file ends inside the header length', 8, true)]);
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataOffset = headerStart + headerLength;
  const cap = Math.min(limits.maxBytes, limits.maxStringLength);
  if (headerLength > cap) {
    return fail([
      issue(
        'NUMPY_HEADER_TOO_LARGE',
        `the header length ${headerLength} exceeds the limit of ${cap} bytes`,
        8,
        true,
      ),
    ]);
  }
  if (dataOffset > size) {
    return fail([
      issue(
        'NUMPY_TRUNCATED',
        `the header claims ${headerLength} bytes but the file ends first`,
        8,
        true,
      ),
    ]);
  }
  const bytes = await source.read(headerStart, headerLength);
  let text: string;
  if (major === 3) {
    try {
      text = utf8Strict.decode(bytes);
    } catch {
      return fail([
        issue('NUMPY_INVALID_UTF8', 'a version 3.0 header is not valid UTF-8', headerStart, true),
      ]);
    }
  } else {
    text = latin1(bytes);
  }
  const issues: FormatIssue[] = [];
  let literal: PyValue;
  try {
    literal = parsePyLiteral(text, {
      maxDepth: limits.maxDepth * 4,
      maxEntries: limits.maxEntries,
      maxStringLength: limits.maxStringLength,
      allowLongSuffix: major < 3,
    });
  } catch (error) {
    if (!(error instanceof PyLiteralError)) throw error;
    const message = `the header is not a plain Python literal: ${snippet(error.message, 80)}`;
    return fail([issue('NUMPY_INVALID_HEADER', message, headerStart + error.at, true)]);
  }
  const fields = headerFields(literal, issues, headerStart);
  if (!fields) return fail(issues);
  const { descr, fortranOrder, shape } = fields;
  const info = interpretDescr(descr, issues);
  let expectedDataLength: number | undefined;
  const elements = shape.reduce((n, d) => n * BigInt(d), 1n);
  if (info.hasObjects && elements > 0n && size === dataOffset) {
    // Object arrays have no fixed size, but a non-empty one needs at least its pickle.
    issues.push(
      issue('NUMPY_DATA_TRUNCATED', `the ${elements}-element object array has no data`, dataOffset),
    );
  }
  if (!info.hasObjects && info.itemSize !== undefined) {
    const expected = shape.reduce((n, d) => n * BigInt(d), info.itemSize);
    const available = BigInt(size - dataOffset);
    if (expected > available) {
      issues.push(
        issue(
          'NUMPY_DATA_TRUNCATED',
          `the data needs ${expected} bytes but only ${available} follow the header`,
          dataOffset,
        ),
      );
    } else {
      expectedDataLength = Number(expected);
      if (expected < available) {
        issues.push(
          issue(
            'NUMPY_TRAILING_DATA',
            `${available - expected} bytes follow the array data`,
            dataOffset + expectedDataLength,
          ),
        );
      }
    }
  }
  const header: NpyHeader = {
    major,
    minor,
    descr,
    descrText: formatPyValue(descr),
    fortranOrder,
    shape,
    dataOffset,
    dataLength: size - dataOffset,
    hasObjects: info.hasObjects,
    ...(expectedDataLength === undefined ? {} : { expectedDataLength }),
  };
  return ok(header, issues);
}

/** Check the dict has exactly the three keys with the right kinds of value (numpy's own checks). */
function headerFields(
  literal: PyValue,
  issues: FormatIssue[],
  at: number,
): { descr: PyValue; fortranOrder: boolean; shape: number[] } | undefined {
  const invalid = (message: string): undefined => {
    issues.push(issue('NUMPY_INVALID_HEADER', message, at, true));
    return undefined;
  };
  if (literal.kind !== 'dict') return invalid('the header is not a dict');
  const map = new Map<string, PyValue>();
  for (const [key, value] of literal.entries) {
    if (key.kind !== 'str') return invalid('the header has a key that is not a string');
    // Python keeps the last of duplicate keys; report it, since two readers may disagree.
    if (map.has(key.value))
      issues.push(
        issue('NUMPY_DUPLICATE_KEY', `the header repeats the key "${snippet(key.value, 40)}"`, at),
      );
    map.set(key.value, value);
  }
  const keys = [...map.keys()].sort();
  if (keys.join() !== KEYS.join()) {
    return invalid(
      `the header keys are [${snippet(keys.join(', '), 80)}], not descr, fortran_order and shape`,
    );
  }
  const descr = map.get('descr') as PyValue;
  const order = map.get('fortran_order');
  const shapeValue = map.get('shape');
  if (order?.kind !== 'bool') return invalid('fortran_order is not True or False');
  if (shapeValue?.kind !== 'tuple' || !shapeValue.items.every((d) => d.kind === 'int')) {
    return invalid('shape is not a tuple of integers');
  }
  const shape: number[] = [];
  for (const item of shapeValue.items) {
    const dim = item.kind === 'int' ? item.value : -1n;
    if (dim < 0n || dim > BigInt(Number.MAX_SAFE_INTEGER)) {
      issues.push(
        issue(
          'NUMPY_INVALID_SHAPE',
          `the shape has an impossible dimension ${snippet(dim.toString(), 40)}`,
          at,
        ),
      );
      return undefined;
    }
    shape.push(Number(dim));
  }
  return { descr, fortranOrder: order.value, shape };
}
