import { denyGroup } from './entry.ts';
import type { DenyEntry } from './entry.ts';

/**
 * Globals that load native code, deserialize nested payloads, or change interpreter-wide state.
 * Nested deserialization gets its own category because a detector can do better than flag it: when the
 * payload is a literal in the pickle, it can scan those bytes as a nested artifact.
 */
export const RUNTIME_DENY: readonly DenyEntry[] = [
  ...denyGroup(
    'native-code',
    'loads shared libraries and calls raw C functions (CDLL, cdll.LoadLibrary, memmove)',
    'ctypes.*',
  ),
  ...denyGroup('native-code', 'loads shared libraries (FFI.dlopen) and compiles C', 'cffi.*'),
  ...denyGroup(
    'nested-deserialization',
    'loads, load and Unpickler run a nested pickle (pickle, _pickle, cPickle)',
    'pickle.*',
  ),
  ...denyGroup('nested-deserialization', 'opens a pickle-backed database', 'shelve.*'),
  ...denyGroup(
    'nested-deserialization',
    'PyYAML loaders other than safe_load build Python objects from tags (!!python/object/apply)',
    `yaml.load yaml.load_all yaml.unsafe_load yaml.unsafe_load_all yaml.full_load
     yaml.full_load_all yaml.Loader yaml.UnsafeLoader yaml.FullLoader yaml.constructor.*`,
  ),
  ...denyGroup('nested-deserialization', 'decode builds arbitrary Python objects', 'jsonpickle.*'),
  ...denyGroup(
    'nested-deserialization',
    'loads another pickle (dill and cloudpickle loaders)',
    'dill.load dill.loads cloudpickle.load cloudpickle.loads',
  ),
  ...denyGroup(
    'nested-deserialization',
    'loads a nested joblib pickle',
    'joblib.load joblib.numpy_pickle.load',
  ),
  ...denyGroup(
    'nested-deserialization',
    'Grammar.load and Grammar.loads unpickle grammar tables',
    'lib2to3.pgen2.grammar.Grammar.load lib2to3.pgen2.grammar.Grammar.loads',
  ),
  ...denyGroup(
    'interpreter-state',
    'reaches and changes the whole interpreter (sys.modules, sys.path, settrace, setprofile, exit)',
    'sys.*',
  ),
  ...denyGroup(
    'interpreter-state',
    'get_objects and get_referrers reach every live object, modules included',
    'gc.*',
  ),
  ...denyGroup('interpreter-state', 'registers callables to run at interpreter exit', 'atexit.*'),
  ...denyGroup('interpreter-state', 'installs signal handlers and sends signals', 'signal.*'),
  ...denyGroup('interpreter-state', 'changes process resource limits', 'resource.*'),
  ...denyGroup(
    'interpreter-state',
    'starts threads that run callables outside the unpickler',
    'threading.* _thread.*',
  ),
  ...denyGroup(
    'interpreter-state',
    'schedules a callable to run later, at collection or exit, out of sight of the call site',
    'weakref.finalize',
  ),
  ...denyGroup(
    'interpreter-state',
    'alters the process-wide pickle registries (extension codes that EXT1/2/4 resolve, reducers)',
    `copyreg.add_extension copyreg.remove_extension copyreg.clear_extension_cache copyreg.pickle
     copyreg.constructor`,
  ),
];
