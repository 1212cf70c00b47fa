import type { WorkBudget } from './budget.ts';
import type { GlobalRef } from './decode.ts';
import { asSequence, asString } from './values.ts';
import type { CallValue, PickleValue } from './values.ts';

/**
 * Symbolic resolution of what a value refers to. Every walk is depth- and node-bounded and cycle-safe:
 * memo references let a pickle build self-referencing and exponentially shared structures.
 */

const MAX_DEPTH = 16;
const MAX_NODES = 256;

/** Functions whose result is a module named by their first argument. */
const IMPORTERS = new Set([
  'builtins.__import__',
  'importlib.import_module',
  'importlib.__import__',
]);
/** copyreg helpers whose first argument is the class really instantiated (Lib/copyreg.py). */
const RECONSTRUCTORS = new Set([
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
]);

function key(ref: GlobalRef): string {
  return `${ref.module}.${ref.name}`;
}

/** The module a call like `__import__('os')` returns, when the call is one and its argument is literal. */
function importedModule(value: PickleValue, depth: number): string | undefined {
  if (value.kind !== 'call' || value.opcode === 'NEWOBJ' || value.opcode === 'NEWOBJ_EX')
    return undefined;
  const callee = resolveCallee(value.callee, depth + 1);
  if (callee === undefined || !IMPORTERS.has(key(callee))) return undefined;
  const args = asSequence(value.args);
  const name = asString(args?.[0]);
  if (name === undefined) return undefined;
  // __import__('a.b') returns the top package `a` unless a non-empty fromlist is given.
  const fromlist = asSequence(args?.[3]);
  const whole = callee.name !== '__import__' || (fromlist !== undefined && fromlist.length > 0);
  return whole ? name : name.split('.')[0];
}

/**
 * The module attribute a value ultimately is, when that can be known: a global, `getattr(global, 'x')`
 * (a dotted name), or `getattr(__import__('os'), 'system')` (`os.system`).
 */
export function resolveCallee(value: PickleValue, depth = 0): GlobalRef | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (value.kind === 'global') return { module: value.module, name: value.name };
  if (value.kind !== 'attr') return undefined;
  const module = importedModule(value.base, depth);
  if (module !== undefined) return { module, name: value.name };
  const base = resolveCallee(value.base, depth + 1);
  return base === undefined
    ? undefined
    : { module: base.module, name: `${base.name}.${value.name}` };
}

function isCallOf(value: PickleValue, module: string, name: string): value is CallValue {
  if (value.kind !== 'call' || value.opcode !== 'REDUCE') return false;
  const ref = resolveCallee(value.callee);
  return ref !== undefined && ref.module === module && ref.name === name;
}

/**
 * What `callee(*args)` ends up calling when it is not a plain global: `operator.methodcaller('system',
 * 'id')(os)` calls `os.system('id')`, so it resolves like `getattr(os, 'system')`.
 */
export function effectiveCallee(callee: PickleValue, args: PickleValue): GlobalRef | undefined {
  const direct = resolveCallee(callee);
  if (direct !== undefined || !isCallOf(callee, 'operator', 'methodcaller')) return direct;
  const name = asString(asSequence(callee.args)?.[0]);
  const target = asSequence(args)?.[0];
  return name === undefined || target === undefined
    ? undefined
    : resolveCallee({ kind: 'attr', base: target, name });
}

/**
 * The attribute a call fetches, when it is `getattr(obj, 'name'[, default])` or
 * `operator.attrgetter('a.b')(obj)`: the machine pushes it as an attr value so later calls resolve.
 */
export function fetchedAttribute(callee: PickleValue, args: PickleValue): PickleValue | undefined {
  const argv = asSequence(args);
  const target = argv?.[0];
  if (target === undefined) return undefined;
  if (isGetattr(callee)) {
    const name = asString(argv?.[1]);
    return name === undefined ? undefined : { kind: 'attr', base: target, name };
  }
  if (!isCallOf(callee, 'operator', 'attrgetter') || argv?.length !== 1) return undefined;
  const names = asSequence(callee.args);
  const dotted = names?.length === 1 ? asString(names[0]) : undefined;
  if (dotted === undefined) return undefined;
  let value: PickleValue = target;
  for (const name of dotted.split('.').slice(0, MAX_DEPTH))
    value = { kind: 'attr', base: value, name };
  return value;
}

/** True when `value` is `builtins.getattr` (after fix_imports, so `__builtin__.getattr` too). */
export function isGetattr(value: PickleValue): boolean {
  const ref = resolveCallee(value);
  return ref !== undefined && ref.module === 'builtins' && ref.name === 'getattr';
}

/**
 * The class of an object a call created (for BUILD and container opcodes): the callee of REDUCE, INST,
 * OBJ and NEWOBJ, the real class behind copyreg's reconstructors, or the global itself when the target is
 * a class or function object.
 */
export function classOf(value: PickleValue): GlobalRef | undefined {
  if (value.kind === 'global' || value.kind === 'attr') return resolveCallee(value);
  if (value.kind !== 'call') return undefined;
  const callee = resolveCallee(value.callee);
  if (callee !== undefined && RECONSTRUCTORS.has(key(callee))) {
    const cls = asSequence(value.args)?.[0];
    return cls === undefined ? undefined : resolveCallee(cls);
  }
  return callee;
}

/** Distinct globals anywhere in a value (bounded), e.g. every import behind a callee expression. */
export function collectGlobals(value: PickleValue, max = 16, budget?: WorkBudget): GlobalRef[] {
  if (value.kind === 'global') return [{ module: value.module, name: value.name }]; // the common case
  const out: GlobalRef[] = [];
  const seen = new Set<string>();
  const visited = new Set<PickleValue>();
  let nodes = 0;
  const walk = (v: PickleValue, depth: number): void => {
    if (out.length >= max || depth > MAX_DEPTH || nodes++ > MAX_NODES || visited.has(v)) return;
    if (budget?.take() === false) return;
    visited.add(v);
    switch (v.kind) {
      case 'global': {
        const ref = { module: v.module, name: v.name };
        if (!seen.has(key(ref))) {
          seen.add(key(ref));
          out.push(ref);
        }
        return;
      }
      case 'attr':
        return walk(v.base, depth + 1);
      case 'call':
        walk(v.callee, depth + 1);
        walk(v.args, depth + 1);
        if (v.kwargs !== undefined) walk(v.kwargs, depth + 1);
        return;
      case 'persid':
        return walk(v.pid, depth + 1);
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
      case 'dict':
        for (const item of v.items) {
          if (out.length >= max || nodes > MAX_NODES) break;
          walk(item, depth + 1);
        }
        return;
      default:
        return;
    }
  };
  walk(value, 0);
  return out;
}
