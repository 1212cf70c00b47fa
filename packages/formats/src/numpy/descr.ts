import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { PyValue } from './py-literal.ts';

/** What the `descr` of a .npy header says about one element. */
export interface DescrInfo {
  /** True when any part of the dtype holds Python objects: loading then unpickles the data. */
  readonly hasObjects: boolean;
  /** Bytes per element, when every part is a canonical type string numpy writes. */
  readonly itemSize?: bigint;
}

/**
 * Canonical type strings as numpy's `dtype.str` writes them: byte order, kind, size, optional
 * datetime unit ('<f8', '|b1', '<U5', '|O', '<M8[ns]').
 */
const TYPESTR = /^[<>|=]([biufcmMOSUVa])(\d*)(\[[A-Za-z0-9]+\])?$/;

/** Python object dtypes: 'O' in any spelling numpy accepts ('|O', 'O8', 'object', 'i4,O'). */
function namesObjects(text: string): boolean {
  return text.includes('O') || /object/i.test(text);
}

function typestrInfo(text: string, issues: FormatIssue[]): DescrInfo {
  const hasObjects = namesObjects(text);
  const m = TYPESTR.exec(text);
  const kind = m?.[1];
  const digits = m?.[2] ?? '';
  if (!m || (digits === '' && kind !== 'O')) {
    issues.push(
      issue(
        'NUMPY_NONSTANDARD_DESCR',
        `the type string "${snippet(text, 40)}" is not one numpy writes`,
      ),
    );
    return { hasObjects };
  }
  if (kind === 'O') return { hasObjects: true };
  const size = BigInt(digits);
  return { hasObjects, itemSize: kind === 'U' ? size * 4n : size };
}

/** Every string anywhere in a value: the fail-closed object check for descr shapes numpy does not write. */
function allStrings(value: PyValue): string[] {
  if (value.kind === 'str') return [value.value];
  if (value.kind === 'tuple' || value.kind === 'list') return value.items.flatMap(allStrings);
  if (value.kind === 'dict')
    return value.entries.flatMap(([k, v]) => [...allStrings(k), ...allStrings(v)]);
  return [];
}

function shapeProduct(value: PyValue | undefined): bigint | undefined {
  if (value?.kind === 'int') return value.value >= 0n ? value.value : undefined;
  if (value?.kind !== 'tuple') return undefined;
  let n = 1n;
  for (const item of value.items) {
    if (item.kind !== 'int' || item.value < 0n) return undefined;
    n *= item.value;
  }
  return n;
}

function isFieldName(value: PyValue | undefined): boolean {
  if (value?.kind === 'str') return true;
  return (
    value?.kind === 'tuple' &&
    value.items.length === 2 &&
    value.items.every((i) => i.kind === 'str')
  );
}

function times(size: bigint | undefined, count: bigint | undefined): bigint | undefined {
  return size === undefined || count === undefined ? undefined : size * count;
}

/**
 * Interpret `descr` the way numpy's `descr_to_dtype` does: a type string, a `(descr, shape)` subarray,
 * or a list of `(name, descr[, shape])` fields (names may be `(title, name)`). Field names are not
 * types, so an 'O' in a name does not count. Anything else numpy might still accept is reported and
 * checked conservatively: any 'O' in any string of it counts as objects.
 */
export function interpretDescr(value: PyValue, issues: FormatIssue[]): DescrInfo {
  if (value.kind === 'str') return typestrInfo(value.value, issues);
  if (value.kind === 'tuple' && value.items.length === 2 && value.items[0]) {
    const base = interpretDescr(value.items[0], issues);
    const count = shapeProduct(value.items[1]);
    if (count === undefined)
      issues.push(issue('NUMPY_NONSTANDARD_DESCR', 'a subarray descr has an invalid shape'));
    return { hasObjects: base.hasObjects, ...withSize(times(base.itemSize, count)) };
  }
  if (value.kind === 'list') {
    let hasObjects = false;
    let total: bigint | undefined = 0n;
    for (const field of value.items) {
      const parts = field.kind === 'tuple' ? field.items : [];
      const [name, descr, shape] = parts;
      if ((parts.length !== 2 && parts.length !== 3) || !isFieldName(name) || !descr) {
        return unusual(value, issues);
      }
      const info = interpretDescr(descr, issues);
      const count = parts.length === 3 ? shapeProduct(shape) : 1n;
      if (count === undefined)
        issues.push(issue('NUMPY_NONSTANDARD_DESCR', 'a field has an invalid shape'));
      hasObjects ||= info.hasObjects;
      const fieldSize = times(info.itemSize, count);
      total = total === undefined || fieldSize === undefined ? undefined : total + fieldSize;
    }
    return { hasObjects, ...withSize(total) };
  }
  return unusual(value, issues);
}

function withSize(size: bigint | undefined): { itemSize?: bigint } {
  return size === undefined ? {} : { itemSize: size };
}

function unusual(value: PyValue, issues: FormatIssue[]): DescrInfo {
  issues.push(
    issue('NUMPY_NONSTANDARD_DESCR', 'the descr is not a type string, subarray or field list'),
  );
  return { hasObjects: allStrings(value).some(namesObjects) };
}
