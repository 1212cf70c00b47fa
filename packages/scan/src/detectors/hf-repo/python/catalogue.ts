/** Why a Python call is dangerous in model code. */
export type DangerCategory =
  | 'process-execution'
  | 'dynamic-code'
  | 'deserialization'
  | 'network'
  | 'native-code'
  | 'filesystem'
  | 'obfuscation';

/**
 * Calls that are only dangerous with some arguments: `torch.load` unless `weights_only=True`,
 * `numpy.load` with `allow_pickle=True`, `yaml.load` unless given a safe loader.
 */
export type DangerCondition = 'torch-load' | 'numpy-load' | 'yaml-load';

export interface DangerEntry {
  /** Qualified name (`os.system`), or a module whose every attribute counts (`subprocess`). */
  readonly name: string;
  readonly category: DangerCategory;
  readonly condition?: DangerCondition;
}

const entries = (category: DangerCategory, names: readonly string[]): DangerEntry[] =>
  names.map((name) => ({ name, category }));

const OS_PROCESS = ['system', 'popen', 'startfile', 'posix_spawn', 'posix_spawnp'].concat(
  ['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'].flatMap((s) => [`exec${s}`, `spawn${s}`]),
);

/** Exact names; `builtins.*` covers bare builtins and `__builtins__.x`. */
const EXACT: readonly DangerEntry[] = [
  ...entries(
    'process-execution',
    ['os', 'posix', 'nt']
      .flatMap((m) => OS_PROCESS.map((f) => `${m}.${f}`))
      .concat(['pty.spawn', 'commands.getoutput']),
  ),
  ...entries('dynamic-code', [
    'builtins.eval',
    'builtins.exec',
    'builtins.compile',
    'builtins.__import__',
    'importlib.import_module',
    'importlib.__import__',
    'runpy.run_path',
    'runpy.run_module',
  ]),
  ...entries('deserialization', [
    'pickle.load',
    'pickle.loads',
    'pickle.Unpickler',
    '_pickle.load',
    '_pickle.loads',
    'cPickle.load',
    'cPickle.loads',
    'dill.load',
    'dill.loads',
    'cloudpickle.load',
    'cloudpickle.loads',
    'joblib.load',
    'marshal.load',
    'marshal.loads',
    'shelve.open',
    'pandas.read_pickle',
    'yaml.unsafe_load',
  ]),
  { name: 'torch.load', category: 'deserialization', condition: 'torch-load' },
  { name: 'torch.serialization.load', category: 'deserialization', condition: 'torch-load' },
  { name: 'numpy.load', category: 'deserialization', condition: 'numpy-load' },
  { name: 'yaml.load', category: 'deserialization', condition: 'yaml-load' },
  ...entries('network', ['urllib.urlopen', 'urllib.urlretrieve']),
  ...entries('filesystem', ['shutil.rmtree']),
  ...entries('obfuscation', [
    'base64.b64decode',
    'base64.b32decode',
    'base64.b85decode',
    'base64.a85decode',
    'base64.decodebytes',
    'binascii.a2b_base64',
  ]),
];

/** Modules whose every call counts (a call of `subprocess.run`, `requests.get`, `ctypes.CDLL`, ...). */
const MODULES: readonly DangerEntry[] = [
  ...entries('process-execution', ['subprocess']),
  ...entries('network', [
    'requests',
    'urllib.request',
    'urllib2',
    'urllib3',
    'http.client',
    'httpx',
    'aiohttp',
    'socket',
    'ftplib',
    'telnetlib',
  ]),
  ...entries('native-code', ['ctypes', 'cffi']),
];

const EXACT_BY_NAME: ReadonlyMap<string, DangerEntry> = new Map(EXACT.map((e) => [e.name, e]));
const MODULE_BY_NAME: ReadonlyMap<string, DangerEntry> = new Map(MODULES.map((e) => [e.name, e]));

/** Builtins a bare name may refer to when nothing in the file rebinds it. */
export const DANGEROUS_BUILTINS: ReadonlySet<string> = new Set([
  'eval',
  'exec',
  'compile',
  '__import__',
]);

/** The exact catalogue entry of a qualified name, if any. */
export function exactDanger(qualified: string): DangerEntry | undefined {
  return EXACT_BY_NAME.get(qualified);
}

/** The module entry covering `qualified` (`subprocess.run` → subprocess), if any. */
export function moduleDanger(qualified: string): DangerEntry | undefined {
  const parts = qualified.split('.');
  for (let n = parts.length - 1; n >= 1; n -= 1) {
    const entry = MODULE_BY_NAME.get(parts.slice(0, n).join('.'));
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/** The category of a star import of `module`, when the module (or one below it) has catalogue entries. */
export function starImportDanger(module: string): DangerCategory | undefined {
  const whole = moduleDanger(`${module}.x`);
  if (whole !== undefined) return whole.category;
  for (const entry of EXACT) if (entry.name.startsWith(`${module}.`)) return entry.category;
  return undefined;
}
