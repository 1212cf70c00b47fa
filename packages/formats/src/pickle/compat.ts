/**
 * CPython's `fix_imports`: for pickles of protocol < 3 (the Unpickler's protocol is 0 until a PROTO opcode
 * says otherwise), Unpickler.find_class renames Python 2 modules and names before importing
 * (Lib/pickle.py find_class, tables in Lib/_compat_pickle.py). `__builtin__.eval` therefore imports
 * `builtins.eval` and `commands.getoutput` imports `subprocess.getoutput`: a scanner must see the name
 * CPython resolves, not the one written.
 */

/** _compat_pickle.IMPORT_MAPPING: whole-module renames. */
// prettier-ignore
const IMPORT_MAPPING: ReadonlyMap<string, string> = new Map([
  ['__builtin__', 'builtins'], ['copy_reg', 'copyreg'], ['Queue', 'queue'],
  ['SocketServer', 'socketserver'], ['ConfigParser', 'configparser'], ['repr', 'reprlib'],
  ['tkFileDialog', 'tkinter.filedialog'], ['tkSimpleDialog', 'tkinter.simpledialog'],
  ['tkColorChooser', 'tkinter.colorchooser'], ['tkCommonDialog', 'tkinter.commondialog'],
  ['Dialog', 'tkinter.dialog'], ['Tkdnd', 'tkinter.dnd'], ['tkFont', 'tkinter.font'],
  ['tkMessageBox', 'tkinter.messagebox'], ['ScrolledText', 'tkinter.scrolledtext'],
  ['Tkconstants', 'tkinter.constants'], ['Tix', 'tkinter.tix'], ['ttk', 'tkinter.ttk'],
  ['Tkinter', 'tkinter'], ['markupbase', '_markupbase'], ['_winreg', 'winreg'], ['thread', '_thread'],
  ['dummy_thread', '_dummy_thread'], ['dbhash', 'dbm.bsd'], ['dumbdbm', 'dbm.dumb'], ['dbm', 'dbm.ndbm'],
  ['gdbm', 'dbm.gnu'], ['xmlrpclib', 'xmlrpc.client'], ['SimpleXMLRPCServer', 'xmlrpc.server'],
  ['httplib', 'http.client'], ['htmlentitydefs', 'html.entities'], ['HTMLParser', 'html.parser'],
  ['Cookie', 'http.cookies'], ['cookielib', 'http.cookiejar'], ['BaseHTTPServer', 'http.server'],
  ['test.test_support', 'test.support'], ['commands', 'subprocess'], ['urlparse', 'urllib.parse'],
  ['robotparser', 'urllib.robotparser'], ['urllib2', 'urllib.request'], ['anydbm', 'dbm'],
  ['_abcoll', 'collections.abc'], ['cPickle', 'pickle'], ['_elementtree', 'xml.etree.ElementTree'],
  ['FileDialog', 'tkinter.filedialog'], ['SimpleDialog', 'tkinter.simpledialog'],
  ['DocXMLRPCServer', 'xmlrpc.server'], ['SimpleHTTPServer', 'http.server'],
  ['CGIHTTPServer', 'http.server'], ['UserDict', 'collections'], ['UserList', 'collections'],
  ['UserString', 'collections'], ['whichdb', 'dbm'], ['StringIO', 'io'], ['cStringIO', 'io'],
]);

/** _compat_pickle.NAME_MAPPING as 'module.name' keys, without the `exceptions.*` entries (see below). */
// prettier-ignore
const NAME_ENTRIES: readonly (readonly [string, readonly [string, string]])[] = [
  ['__builtin__.xrange', ['builtins', 'range']], ['__builtin__.reduce', ['functools', 'reduce']],
  ['__builtin__.intern', ['sys', 'intern']], ['__builtin__.unichr', ['builtins', 'chr']],
  ['__builtin__.unicode', ['builtins', 'str']], ['__builtin__.long', ['builtins', 'int']],
  ['__builtin__.basestring', ['builtins', 'str']],
  ['itertools.izip', ['builtins', 'zip']], ['itertools.imap', ['builtins', 'map']],
  ['itertools.ifilter', ['builtins', 'filter']], ['itertools.ifilterfalse', ['itertools', 'filterfalse']],
  ['itertools.izip_longest', ['itertools', 'zip_longest']],
  ['UserDict.IterableUserDict', ['collections', 'UserDict']], ['UserDict.UserDict', ['collections', 'UserDict']],
  ['UserList.UserList', ['collections', 'UserList']], ['UserString.UserString', ['collections', 'UserString']],
  ['whichdb.whichdb', ['dbm', 'whichdb']], ['_socket.fromfd', ['socket', 'fromfd']],
  ['socket._socketobject', ['socket', 'SocketType']],
  ['_multiprocessing.Connection', ['multiprocessing.connection', 'Connection']],
  ['multiprocessing.process.Process', ['multiprocessing.context', 'Process']],
  ['multiprocessing.forking.Popen', ['multiprocessing.popen_fork', 'Popen']],
  ['multiprocessing.AuthenticationError', ['multiprocessing.context', 'AuthenticationError']],
  ['multiprocessing.BufferTooShort', ['multiprocessing.context', 'BufferTooShort']],
  ['multiprocessing.ProcessError', ['multiprocessing.context', 'ProcessError']],
  ['multiprocessing.TimeoutError', ['multiprocessing.context', 'TimeoutError']],
  ['urllib.ContentTooShortError', ['urllib.error', 'ContentTooShortError']],
  ['urllib.getproxies', ['urllib.request', 'getproxies']],
  ['urllib.pathname2url', ['urllib.request', 'pathname2url']],
  ['urllib.quote_plus', ['urllib.parse', 'quote_plus']], ['urllib.quote', ['urllib.parse', 'quote']],
  ['urllib.unquote_plus', ['urllib.parse', 'unquote_plus']], ['urllib.unquote', ['urllib.parse', 'unquote']],
  ['urllib.url2pathname', ['urllib.request', 'url2pathname']],
  ['urllib.urlcleanup', ['urllib.request', 'urlcleanup']], ['urllib.urlencode', ['urllib.parse', 'urlencode']],
  ['urllib.urlopen', ['urllib.request', 'urlopen']], ['urllib.urlretrieve', ['urllib.request', 'urlretrieve']],
  ['urllib2.HTTPError', ['urllib.error', 'HTTPError']], ['urllib2.URLError', ['urllib.error', 'URLError']],
  ['exceptions.StandardError', ['builtins', 'Exception']],
];

// Keyed by module + NUL + name: a written name may contain dots ('process.Process'), a Python 2 name never.
const NAME_MAPPING: ReadonlyMap<string, readonly [string, string]> = new Map(
  NAME_ENTRIES.map(([key, target]) => {
    const dot = key.lastIndexOf('.');
    return [`${key.slice(0, dot)}\0${key.slice(dot + 1)}`, target] as const;
  }),
);

/**
 * The module and name CPython's find_class resolves for `module`.`name` under `protocol`. The
 * `exceptions` module (Python 2) maps each of its exception classes to `builtins`; this maps every name
 * of it, which can only over-report (a name that is not an exception would fail to import).
 */
export function fixImports(
  module: string,
  name: string,
  protocol: number,
): { module: string; name: string } {
  if (protocol >= 3) return { module, name };
  const renamed = NAME_MAPPING.get(`${module}\0${name}`);
  if (renamed !== undefined) return { module: renamed[0], name: renamed[1] };
  if (module === 'exceptions') return { module: 'builtins', name };
  return { module: IMPORT_MAPPING.get(module) ?? module, name };
}
