import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPolicy } from './create-policy.ts';

/**
 * Gadgets named by other scanners' lists and by published bypasses of them, so that every one stays
 * covered. `module name` pairs as a GLOBAL opcode writes them; for lists that deny a whole module
 * ("*"), a representative member is used.
 */

/** picklescan src/picklescan/scanner.py `_unsafe_globals` (v1.0.x, after GHSA-vvpj-8cmc-gx39). */
const PICKLESCAN = `
  __builtin__ eval|__builtin__ compile|__builtin__ getattr|__builtin__ apply|__builtin__ exec
  __builtin__ open|__builtin__ breakpoint|builtins eval|builtins compile|builtins getattr
  builtins apply|builtins exec|builtins open|builtins breakpoint
  cloudpickle.cloudpickle _builtin_type|cloudpickle.cloudpickle _make_function
  cloudpickle.cloudpickle _function_setstate|cloudpickle.cloudpickle _make_cell
  cloudpickle.cloudpickle _make_empty_cell|cloudpickle.cloudpickle subimport|types CodeType
  aiohttp ClientSession|asyncio create_subprocess_shell|bdb Bdb|commands getoutput|ctypes CDLL
  functools partial|httplib HTTPSConnection|logging FileHandler|_io FileIO|numpy.f2py crackfortran
  numpy.testing._private.utils runstring|nt system|posix system|_operator attrgetter
  _operator itemgetter|_operator methodcaller|operator attrgetter|operator itemgetter
  operator methodcaller|os system|requests.api get|runpy _run_code|shutil rmtree|socket socket
  ssl get_server_certificate|subprocess Popen|sys modules|code InteractiveInterpreter.runcode
  cProfile run|distutils.file_util write_file|doctest debug_script|ensurepip _run_pip
  idlelib.autocomplete AutoComplete.get_entity|idlelib.calltip Calltip.fetch_tip
  idlelib.calltip get_entity|idlelib.debugobj ObjectTreeItem.SetText
  idlelib.pyshell ModifiedInterpreter.runcode|idlelib.pyshell ModifiedInterpreter.runcommand
  idlelib.run Executive.runcode|imaplib IMAP4_stream|lib2to3.pgen2.grammar Grammar.loads
  lib2to3.pgen2.pgen ParserGenerator.make_label|pdb set_trace|pickle loads|_pickle loads|pip main
  pkgutil resolve_name|pty spawn|profile run|pydoc pipepager|test support|timeit timeit
  torch._dynamo.guards GuardBuilder.get|torch._inductor.codecache compile_file
  torch.fx.experimental.symbolic_shapes ShapeEnv.evaluate_guards_expression
  torch.jit.unsupported_tensor_ops execWrapper|torch.serialization load
  torch.utils._config_module ConfigModule.load_config|torch.utils.bottleneck.__main__ run_cprofile
  torch.utils.bottleneck.__main__ run_autograd_prof|torch.utils.collect_env run
  torch.utils.data.datapipes.utils.decoder basichandlers|trace Trace.run|trace Trace.runctx
  urllib.request urlopen|uuid _get_command_stdout|venv create|webbrowser open
  _osx_support _read_output|_aix_support _read_cmd_output|_pyrepl.pager pipe_pager`;

/** ModelScan modelscan/settings.py unsafe_globals, plus mailcap (PR #346). */
const MODELSCAN = `
  __builtin__ __import__|builtins __import__|runpy run_path|os popen|nt popen|posix popen
  socket create_connection|subprocess run|sys exit|operator attrgetter|pty spawn|pickle load
  webbrowser open_new|httplib HTTPConnection|requests.api post|aiohttp.client request
  mailcap findmatch|shutil copyfile|pdb Pdb|asyncio run`;

/** fickling fickle.py UNSAFE_IMPORTS (whole modules; builtins, operator, functools handled below). */
const FICKLING = `
  posix spawnv|subprocess call|sys settrace|pty fork|commands getstatusoutput
  multiprocessing Process|_posixsubprocess fork_exec|code interact|codeop compile_command
  runpy run_module|marshal loads|types FunctionType|doctest run_docstring_examples
  _interpreters run_string|_xxsubinterpreters run_string|importlib import_module
  _frozen_importlib _find_and_load|_frozen_importlib_external SourceFileLoader|_imp create_dynamic
  imp load_source|pkgutil get_importer|zipimport zipimporter|gc get_objects|site addsitedir
  unittest.mock patch|inspect getattr_static|test.support.script_helper assert_python_ok
  cProfile runctx|profile runctx|pdb run|bdb Bdb|timeit Timer|trace Trace|socket socket|ssl wrap_socket
  httplib HTTPConnection|http.client HTTPConnection|urllib urlopen|urllib2 urlopen|requests get
  aiohttp ClientSession|asyncio create_subprocess_exec|webbrowser open|smtplib SMTP|imaplib IMAP4
  ftplib FTP|poplib POP3|telnetlib Telnet|nntplib NNTP|ctypes CDLL|_ctypes dlopen|pickle loads
  _pickle loads|dill loads|cloudpickle loads|joblib load|shutil move|tempfile mkstemp|filecmp cmp
  distutils.util execute|pydoc locate|pexpect spawn|pipes Template|venv EnvBuilder|ensurepip bootstrap
  pip main|idlelib.run Executive|lib2to3.main main|socketserver TCPServer|xmlrpc.server SimpleXMLRPCServer
  signal signal|_signal signal|threading Thread|_thread start_new_thread|atexit register
  sqlite3 connect|_sqlite3 connect|fileinput input|glob glob|platform popen|linecache getline
  compileall compile_dir|py_compile compile|mmap mmap|select select|selectors DefaultSelector
  logging.config fileConfig|syslog syslog|tarfile open|zipfile ZipFile|shelve open
  uuid _get_command_stdout|_osx_support _read_output|_aix_support _read_cmd_output
  __builtins__ eval`;

/** Bypasses reported against those tools (GHSAs, CVE-2025-1716, CVE-2025-10155..10157, issues). */
const BYPASSES = `
  pip main|pkgutil resolve_name|importlib import_module|marshal loads|numpy __builtins__
  numpy core._internal.sys.modules|torch.utils.collect_env run|multiprocessing.util spawnv_passfds
  mlflow.projects.backend.local _run_entry_point|pandas.io.parsers.readers read_csv
  asyncio.unix_events _UnixSubprocessTransport._start|distutils.file_util write_file|_io FileIO
  numpy.f2py.crackfortran getlincoef|numpy.f2py.crackfortran _eval_length|uuid _get_command_stdout
  dill._dill _create_code|dill._dill _create_function|dill._dill _load_type`;

/** Entries of those lists that mlsec deliberately does not deny, with the reason. */
const NOT_DENIED: readonly (readonly [string, string, string])[] = [
  [
    'functools',
    'partial',
    'only binds arguments; its target is a separate global judged on its own',
  ],
  [
    'builtins',
    'set',
    'fickling denies all of builtins; mlsec denies the dangerous builtins by name',
  ],
  ['operator', 'add', 'fickling denies all of operator; only the getters and call are gadgets'],
  ['uuid', 'UUID', 'picklescan denies all of uuid; only its command runners are denied here'],
  [
    'joblib.numpy_pickle',
    'NumpyArrayWrapper',
    'fickling denies all of joblib; this wrapper only holds an array',
  ],
  ['logging', 'getLogger', 'only file handlers and logging.config are dangerous in logging'],
  ['urllib.parse', 'quote', 'only urllib.request (and Python 2 urllib openers) reach the network'],
  ['difflib', 'SequenceMatcher', 'fickling lists difflib; it compares sequences in memory'],
];

const policy = createPolicy();

function entries(list: string): [string, string][] {
  return list
    .split(/[|\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const [module = '', name = ''] = item.split(' ');
      return [module, name];
    });
}

function assertDenied(list: string): void {
  for (const [module, name] of entries(list)) {
    if (NOT_DENIED.some(([m, n]) => m === module && n === name)) continue;
    const verdict = policy.classifyGlobal(module, name);
    assert.equal(verdict.kind, 'dangerous', `${module} ${name}: ${JSON.stringify(verdict)}`);
  }
}

describe('the default policy against published gadget lists', () => {
  it("denies every entry of picklescan's unsafe globals", () => assertDenied(PICKLESCAN));
  it("denies every entry of ModelScan's unsafe globals", () => assertDenied(MODELSCAN));
  it("denies every module of fickling's unsafe imports", () => assertDenied(FICKLING));
  it('denies every gadget of the published scanner bypasses', () => assertDenied(BYPASSES));

  it('documents where it deliberately does not deny an entry of those lists', () => {
    for (const [module, name, why] of NOT_DENIED) {
      assert.notEqual(
        policy.classifyGlobal(module, name).kind,
        'dangerous',
        `${module}.${name}: ${why}`,
      );
    }
  });
});
