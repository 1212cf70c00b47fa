/**
 * Resource ordering of the reference implementation (notes §1.4): it sorts `pathlib.PurePosixPath`
 * keys, which compares path *components* by Unicode code point, and orders shards of one file by
 * `(start, end)` numerically. A plain string sort differs: `a/b` < `a-b` component-wise but not
 * as strings ('/' is 0x2F, '-' is 0x2D).
 */

/** Compare two strings by Unicode code point (Python `str` order), not by UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Compare two model-relative POSIX paths component by component, as `PurePosixPath` does. */
export function comparePosixPaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = compareCodePoints(pa[i] ?? '', pb[i] ?? '');
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}
