/** One RFC 6901 reference token: '~' is written '~0' and '/' is written '~1' (§3). */
function token(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The JSON pointer (RFC 6901) of `key` inside the value whose pointer is `parent`. */
export function pointerOf(parent: string, key: string | number): string {
  return `${parent}/${token(key)}`;
}

/** The JSON pointer (RFC 6901) of a path of keys and indices from the root ('' is the root). */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((key) => `/${token(key)}`).join('');
}
