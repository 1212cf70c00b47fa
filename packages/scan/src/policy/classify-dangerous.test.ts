import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPolicy } from './create-policy.ts';
import type { GlobalVerdict } from './types.ts';

const policy = createPolicy();

function verdict(path: string): GlobalVerdict {
  const dot = path.lastIndexOf('.');
  return policy.classifyGlobal(path.slice(0, dot), path.slice(dot + 1));
}

function assertDangerous(paths: string, category?: string): void {
  for (const path of paths.split(/\s+/).filter((p) => p.length > 0)) {
    const result = verdict(path);
    assert.equal(result.kind, 'dangerous', `${path}: ${JSON.stringify(result)}`);
    if (category !== undefined && result.kind === 'dangerous') {
      assert.equal(result.category, category, path);
    }
  }
}

describe('classifyGlobal', () => {
  describe('when a global belongs to a denylist category', () => {
    it('reports process execution', () => {
      assertDangerous(
        `os.system posix.system nt.system os.popen os.execv os.spawnlp os.fork subprocess.Popen
         subprocess.check_output commands.getoutput pty.spawn webbrowser.open mailcap.findmatch
         imaplib.IMAP4_stream uuid._get_command_stdout multiprocessing.util.spawnv_passfds
         asyncio.unix_events._UnixSubprocessTransport _osx_support._read_output pydoc.pipepager
         torch.utils.collect_env.run mlflow.projects.backend.local._run_entry_point distutils.spawn.spawn`,
        'process-execution',
      );
    });

    it('reports package installation', () => {
      assertDangerous(
        'pip.main pip._internal.cli.main.main ensurepip._run_pip venv.create setuptools.setup',
        'package-install',
      );
    });

    it('reports dynamic code', () => {
      assertDangerous(
        `builtins.eval __builtin__.eval builtins.exec builtins.compile builtins.execfile
         code.InteractiveInterpreter runpy._run_code timeit.timeit cProfile.run profile.run
         doctest.debug_script numpy.testing._private.utils.runstring numpy.testing.runstring
         numpy.f2py.crackfortran.getlincoef torch.fx.graph_module.reduce_graph_module jinja2.Template
         pandas.eval idlelib.run.Executive lib2to3.pgen2.pgen.ParserGenerator`,
        'dynamic-code',
      );
    });

    it('reports code objects', () => {
      assertDangerous(
        `types.CodeType types.FunctionType marshal.loads dill._dill._create_code dill._dill._load_type
         cloudpickle.cloudpickle._make_function cloudpickle.cloudpickle._builtin_type
         cloudpickle.cloudpickle._make_skeleton_class joblib.externals.cloudpickle.cloudpickle._make_cell`,
        'code-object',
      );
    });

    it('reports import machinery', () => {
      assertDangerous(
        `builtins.__import__ importlib.import_module importlib.util.find_spec pkgutil.resolve_name
         _frozen_importlib.BuiltinImporter imp.load_source zipimport.zipimporter site.addsitedir
         cloudpickle.cloudpickle.subimport six.moves.builtins torch.package.PackageImporter`,
        'import-machinery',
      );
    });

    it('reports attribute access', () => {
      assertDangerous(
        `builtins.getattr builtins.setattr builtins.globals builtins.vars operator.attrgetter
         _operator.attrgetter operator.methodcaller operator.itemgetter operator.getitem inspect.getmembers`,
        'attribute-access',
      );
    });

    it('reports nested deserialization', () => {
      assertDangerous(
        `pickle.loads _pickle.loads cPickle.loads torch.load torch.serialization.load
         torch.storage._load_from_bytes torch.jit.load numpy.load joblib.load pandas.read_pickle
         dill.loads yaml.unsafe_load shelve.open keras.models.load_model
         torch.utils._config_module.ConfigModule torch.utils.data.datapipes.utils.decoder.basichandlers
         lib2to3.pgen2.grammar.Grammar.loads`,
        'nested-deserialization',
      );
    });

    it('reports native code', () => {
      assertDangerous(
        `ctypes.CDLL _ctypes.dlopen cffi.FFI numpy.ctypeslib.load_library torch.ops.load_library
         torch.classes.load_library torch.utils.cpp_extension.load_inline
         torch._inductor.codecache.compile_file tensorflow.load_op_library`,
        'native-code',
      );
    });

    it('reports file-system access', () => {
      assertDangerous(
        `builtins.open io.open _io.FileIO os.remove os.rename os.chmod os.makedirs shutil.rmtree
         shutil.copyfile tempfile.mkdtemp glob.glob linecache.getline tarfile.open sqlite3.connect
         logging.FileHandler distutils.file_util.write_file pathlib.Path.write_text
         pathlib.PosixPath.unlink numpy.save numpy.ndarray.tofile tensorflow.io.gfile.GFile torch.save`,
        'file-system',
      );
    });

    it('reports network access', () => {
      assertDangerous(
        `socket.socket socket.create_connection ssl.get_server_certificate http.client.HTTPSConnection
         httplib.HTTPConnection urllib.request.urlopen urllib2.urlopen urllib.urlopen requests.get
         requests.api.get httpx.get aiohttp.client.ClientSession ftplib.FTP smtplib.SMTP
         telnetlib.Telnet xmlrpc.client.ServerProxy torch.hub.load torch.hub.load_state_dict_from_url
         keras.utils.get_file pandas.read_csv pandas.io.parsers.readers.read_csv huggingface_hub.hf_hub_download`,
        'network',
      );
    });

    it('reports debuggers', () => {
      assertDangerous('pdb.set_trace pdb.Pdb bdb.Bdb builtins.breakpoint', 'debugger');
    });

    it('reports interpreter-state changes', () => {
      assertDangerous(
        `sys.modules sys.settrace gc.get_objects atexit.register signal.signal threading.Thread
         _thread.start_new_thread weakref.finalize copyreg.add_extension`,
        'interpreter-state',
      );
    });
  });

  describe('when the global is reached through an attribute path', () => {
    it('checks every suffix of the name against the denylist', () => {
      const result = policy.classifyGlobal('numpy', 'core._internal.sys.modules');
      assert.equal(result.kind, 'dangerous');
      assert.equal(result.kind === 'dangerous' && result.pattern, 'sys.*');
      for (const [module, name] of [
        ['torch', 'os.system'],
        ['torch.serialization', 'os.system'],
        ['mylib', 'helpers.subprocess.Popen'],
        ['numpy', 'posix.system'],
      ] as const) {
        const result = policy.classifyGlobal(module, name);
        assert.equal(result.kind, 'dangerous', `${module} ${name}`);
        assert.match(result.kind === 'dangerous' ? result.reason : '', /attribute path/);
      }
    });

    it('denies special attributes that climb to globals or builtins', () => {
      for (const [module, name] of [
        ['numpy', '__builtins__'],
        ['torch._utils', '_rebuild_tensor_v2.__globals__'],
        ['builtins', 'object.__subclasses__'],
        ['collections', 'OrderedDict.__init__.__globals__'],
      ] as const) {
        const result = policy.classifyGlobal(module, name);
        assert.equal(result.kind, 'dangerous', `${module} ${name}`);
        assert.equal(result.kind === 'dangerous' && result.category, 'attribute-access');
      }
    });

    it('leaves Class.__new__, which ordinary __reduce__ methods return, to the allow decision', () => {
      assert.equal(policy.classifyGlobal('builtins', 'object.__new__').kind, 'unknown');
      assert.equal(policy.classifyGlobal('builtins', '__new__').kind, 'dangerous');
      assert.equal(
        policy.classifyGlobal('builtins', 'object.__new__.__globals__').kind,
        'dangerous',
      );
    });

    it('keeps an attribute path under an allowed object unknown, not allowed', () => {
      assert.equal(policy.classifyGlobal('numpy', 'prod.a').kind, 'unknown');
      assert.equal(policy.classifyGlobal('torch._utils', '_rebuild_tensor_v2.x').kind, 'unknown');
    });
  });

  describe('when a denied entry is carved out of an allowed package', () => {
    it('lets the denylist win', () => {
      assertDangerous('sklearn.utils._testing.TempMemmap uuid._popen numpy.memmap copyreg.pickle');
    });
  });

  describe('when the verdict is dangerous', () => {
    it('names the matching pattern and a reason', () => {
      const result = verdict('posix.system');
      assert.deepEqual(
        result.kind === 'dangerous' && { category: result.category, pattern: result.pattern },
        { category: 'process-execution', pattern: 'os.system' },
      );
      assert.ok(result.kind === 'dangerous' && result.reason.length > 10);
    });

    it('prefers an exact entry to a wildcard and the longest wildcard to a shorter one', () => {
      const stream = verdict('imaplib.IMAP4_stream');
      assert.equal(stream.kind === 'dangerous' && stream.pattern, 'imaplib.IMAP4_stream');
      const clipboard = verdict('pandas.io.clipboards.to_clipboard');
      assert.equal(clipboard.kind === 'dangerous' && clipboard.category, 'process-execution');
      const dillLoads = verdict('dill.loads');
      assert.equal(dillLoads.kind === 'dangerous' && dillLoads.category, 'nested-deserialization');
    });
  });
});
