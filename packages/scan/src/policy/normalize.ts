/**
 * Name normalisation. A pickle may name one Python object under several module paths: `posix.system`,
 * `nt.system` and `os.system` are one function (os re-exports the platform module), Python 2 pickles say
 * `__builtin__` where Python 3 says `builtins` (Lib/_compat_pickle.py IMPORT_MAPPING), C accelerator
 * modules (`_pickle`, `_operator`, `_io`) hold the functions their public module re-exports, and NumPy 2
 * renamed `numpy.core` to `numpy._core`. Both the policy's patterns and the globals it judges are reduced
 * to one canonical spelling, so one entry covers every alias.
 */

/** Module-prefix aliases, alias → canonical. Targets are canonical themselves (no chains). */
const PREFIX_ALIASES: ReadonlyMap<string, string> = new Map([
  // Platform implementations behind os (Lib/os.py imports * from posix or nt).
  ['posix', 'os'],
  ['nt', 'os'],
  // Python 2 spellings, as Unpickler(fix_imports=True) maps them (Lib/_compat_pickle.py).
  ['__builtin__', 'builtins'],
  ['__builtins__', 'builtins'],
  ['copy_reg', 'copyreg'],
  ['cPickle', 'pickle'],
  ['commands', 'subprocess'],
  ['httplib', 'http.client'],
  ['urllib2', 'urllib.request'],
  ['SocketServer', 'socketserver'],
  ['xmlrpclib', 'xmlrpc.client'],
  ['SimpleXMLRPCServer', 'xmlrpc.server'],
  ['BaseHTTPServer', 'http.server'],
  ['SimpleHTTPServer', 'http.server'],
  ['CGIHTTPServer', 'http.server'],
  ['thread', '_thread'],
  ['test.test_support', 'test.support'],
  // C accelerators whose functions the public module re-exports.
  ['_pickle', 'pickle'],
  ['_operator', 'operator'],
  ['_io', 'io'],
  ['_socket', 'socket'],
  ['_ssl', 'ssl'],
  ['_ctypes', 'ctypes'],
  ['_codecs', 'codecs'],
  ['_collections', 'collections'],
  ['_sqlite3', 'sqlite3'],
  ['_signal', 'signal'],
  // The import system's frozen bootstrap modules are importlib._bootstrap(_external).
  ['_frozen_importlib', 'importlib._bootstrap'],
  ['_frozen_importlib_external', 'importlib._bootstrap_external'],
  // NumPy 2 moved numpy.core to numpy._core and keeps numpy.core as a shim.
  ['numpy._core', 'numpy.core'],
  // scikit-learn < 0.23 vendored joblib.
  ['sklearn.externals.joblib', 'joblib'],
]);

/** Longest alias, in segments: bounds the prefix search. */
const MAX_ALIAS_SEGMENTS = Math.max(...[...PREFIX_ALIASES.keys()].map((k) => k.split('.').length));

/** A Python identifier, ASCII only: anything else cannot be spelled by a pattern, so never matches one. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `__name__`: the special attributes used to climb from an object to its module, class or globals. */
export function isDunder(segment: string): boolean {
  return segment.length > 4 && segment.startsWith('__') && segment.endsWith('__');
}

/**
 * Split a dotted path into identifier segments; undefined when any segment is not an ASCII identifier
 * (an empty segment, whitespace, a stray dot): such a path names nothing the policy lists.
 */
export function splitPath(path: string): string[] | undefined {
  const segments = path.split('.');
  for (const segment of segments) if (!IDENTIFIER.test(segment)) return undefined;
  return segments;
}

/** Replace the longest aliased prefix of `segments` by its canonical spelling (once). */
export function normalizeSegments(segments: readonly string[]): string[] {
  for (let n = Math.min(MAX_ALIAS_SEGMENTS, segments.length); n >= 1; n--) {
    const target = PREFIX_ALIASES.get(segments.slice(0, n).join('.'));
    if (target !== undefined) return [...target.split('.'), ...segments.slice(n)];
  }
  return [...segments];
}

/** Canonical spelling of a dotted path (unchanged when it is not a valid path). */
export function normalizePath(path: string): string {
  const segments = splitPath(path);
  return segments === undefined ? path : normalizeSegments(segments).join('.');
}
