import { denyGroup } from './entry.ts';
import type { DenyEntry } from './entry.ts';

/** cloudpickle and the copies other packages vendor, each with the same function builders. */
const CLOUDPICKLE_COPIES = [
  'cloudpickle',
  'joblib.externals.cloudpickle',
  'srsly.cloudpickle',
  'pyspark.cloudpickle',
  'ray.cloudpickle',
];

function inCopies(names: readonly string[]): string {
  return CLOUDPICKLE_COPIES.flatMap((root) => names.map((name) => `${root}.${name}`)).join(' ');
}

/**
 * Globals that execute source strings, build code objects, import modules by name or reach arbitrary
 * attributes. The last two are how blocklist bypasses work: `importlib.import_module('os')`,
 * `pkgutil.resolve_name('os:system')` (picklescan GHSA-vvpj-8cmc-gx39) or
 * `operator.attrgetter('system')` reach a denied function without naming it in a GLOBAL opcode.
 */
export const CODE_DENY: readonly DenyEntry[] = [
  ...denyGroup(
    'dynamic-code',
    'evaluates or executes a source string',
    'builtins.eval builtins.exec builtins.compile builtins.execfile',
  ),
  ...denyGroup(
    'dynamic-code',
    'Python 2 input() evaluates what it reads from stdin (and blocks the loader)',
    'builtins.input',
  ),
  ...denyGroup(
    'dynamic-code',
    'Python 2 apply() calls any callable with any arguments',
    'builtins.apply',
  ),
  ...denyGroup(
    'dynamic-code',
    'InteractiveInterpreter and InteractiveConsole run source code',
    'code.*',
  ),
  ...denyGroup('dynamic-code', 'compiles source code', 'codeop.*'),
  ...denyGroup(
    'dynamic-code',
    'runs source code in a subinterpreter (run_string)',
    '_interpreters.* _xxsubinterpreters.* concurrent.interpreters.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'runs modules and scripts (run_path, run_module, _run_code)',
    'runpy.*',
  ),
  ...denyGroup('dynamic-code', 'Timer and timeit exec their statement strings', 'timeit.*'),
  ...denyGroup(
    'dynamic-code',
    'run and runctx exec a statement string under the profiler or tracer',
    'cProfile.* profile.* trace.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'runs examples from docstrings (debug_script, run_docstring_examples)',
    'doctest.*',
  ),
  ...denyGroup(
    'dynamic-code',
    "IDLE's shell, calltips and autocomplete evaluate source strings",
    'idlelib.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'pgen helpers eval grammar strings (ParserGenerator.make_label)',
    'lib2to3.*',
  ),
  ...denyGroup('dynamic-code', 'the IPython shell runs cells of source code', 'IPython.*'),
  ...denyGroup(
    'dynamic-code',
    'renders templates; an unsandboxed template runs Python (server-side template injection)',
    'jinja2.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'fileConfig and dictConfig eval arguments and import classes; listen() accepts configs over a socket',
    'logging.config.*',
  ),
  ...denyGroup('dynamic-code', 'evaluates an expression string', 'numexpr.*'),
  ...denyGroup(
    'dynamic-code',
    'sympify and parse_expr eval their string argument',
    'sympy.sympify sympy.core.sympify.sympify sympy.parsing.*',
  ),
  ...denyGroup(
    'code-object',
    'builds code objects, functions or classes from raw parts',
    `types.CodeType types.FunctionType types.LambdaType types.MethodType types.new_class
     builtins.__build_class__`,
  ),
  ...denyGroup('code-object', 'loads raw code objects from bytes', 'marshal.*'),
  ...denyGroup(
    'code-object',
    'rebuilds functions, code objects and types (_create_code, _create_function, _load_type)',
    'dill.*',
  ),
  ...denyGroup(
    'code-object',
    'rebuilds functions and classes from code (_make_function, _builtin_type, _make_skeleton_class)',
    inCopies(['*']),
  ),
  ...denyGroup('dynamic-code', 'evaluates a repr string', 'dill._dill._eval_repr'),
  ...denyGroup('attribute-access', 'dill getattr helper', 'dill._dill._get_attr'),
  ...denyGroup(
    'import-machinery',
    'imports a module by name',
    `dill._dill._import_module ${inCopies(['cloudpickle.subimport', 'cloudpickle.dynamic_subimport'])}`,
  ),
  ...denyGroup(
    'import-machinery',
    'imports any module by name',
    'builtins.__import__ builtins.reload',
  ),
  ...denyGroup(
    'import-machinery',
    'import_module, find_spec, module_from_spec and loaders import any module by name',
    'importlib.* importlib_metadata.*',
  ),
  ...denyGroup('import-machinery', 'load_source and load_module execute files', 'imp.*'),
  ...denyGroup('import-machinery', 'create_dynamic loads extension modules', '_imp.*'),
  ...denyGroup(
    'import-machinery',
    'resolve_name turns a string into any object, a universal blocklist bypass (GHSA-vvpj-8cmc-gx39)',
    'pkgutil.*',
  ),
  ...denyGroup('import-machinery', 'imports code from zip archives', 'zipimport.*'),
  ...denyGroup(
    'import-machinery',
    'EntryPoint.load imports and resolves any object',
    'pkg_resources.*',
  ),
  ...denyGroup('import-machinery', 'addsitedir executes .pth files', 'site.*'),
  ...denyGroup(
    'import-machinery',
    're-exports standard modules under other names (six.moves.builtins.eval)',
    'six.moves.* sklearn.externals.six.* future.moves.* future.builtins.* future.standard_library.* past.*',
  ),
  ...denyGroup(
    'import-machinery',
    'PackageImporter imports the code a torch.package archive carries',
    'torch.package.*',
  ),
  ...denyGroup(
    'import-machinery',
    'get_class_from_dynamic_module downloads and imports code from a model repository',
    'transformers.dynamic_module_utils.*',
  ),
  ...denyGroup(
    'import-machinery',
    'runs dataset loading scripts from remote repositories',
    'datasets.load.* datasets.load_dataset',
  ),
  ...denyGroup(
    'attribute-access',
    'fetches any attribute by name, e.g. getattr(module, "system")',
    'builtins.getattr',
  ),
  ...denyGroup(
    'attribute-access',
    'changes or removes attributes of modules and classes (monkey-patching)',
    'builtins.setattr builtins.delattr',
  ),
  ...denyGroup(
    'attribute-access',
    'exposes a namespace dictionary and every callable in it',
    'builtins.globals builtins.locals builtins.vars',
  ),
  ...denyGroup(
    'attribute-access',
    'turns strings into attribute lookups or method calls on any object (attrgetter("system"))',
    'operator.attrgetter operator.methodcaller',
  ),
  ...denyGroup(
    'attribute-access',
    'fetches or replaces items of any mapping, e.g. "eval" from a module\'s __builtins__ dict',
    'operator.itemgetter operator.getitem operator.setitem operator.delitem',
  ),
  ...denyGroup('attribute-access', 'calls any callable with any arguments', 'operator.call'),
  ...denyGroup(
    'attribute-access',
    'reaches frames, globals and attributes of any object (currentframe, getattr_static)',
    'inspect.*',
  ),
  ...denyGroup(
    'attribute-access',
    'mock.patch replaces attributes of any importable object',
    'unittest.*',
  ),
];
