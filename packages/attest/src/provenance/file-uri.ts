/**
 * `file:` + a path as given, percent-encoding only what a URI may not hold (spaces, `%`, `?`, `#`,
 * non-ASCII, …; RFC 3986 §2.1), so `data/train` stays `file:data/train` and the dependency `uri` is a
 * valid in-toto ResourceURI.
 */
export function fileUri(posixPath: string): string {
  return `file:${encodeURI(posixPath).replace(/[?#]/g, (c) => encodeURIComponent(c))}`;
}

/** The path of a `file:` URI written by {@link fileUri}; undefined when it is not one. */
export function pathOfFileUri(uri: string): string | undefined {
  if (!uri.startsWith('file:') || uri.length === 'file:'.length) return undefined;
  try {
    return decodeURIComponent(uri.slice('file:'.length));
  } catch {
    return undefined;
  }
}
