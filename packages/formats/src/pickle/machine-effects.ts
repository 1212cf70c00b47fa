import type { Limits } from '@mlsec/core';
import { fixImports } from './compat.ts';
import type { GlobalRef } from './decode.ts';
import { MachineState } from './machine-state.ts';
import type { IssueSink } from './machine-state.ts';
import type { WorkBudget } from './budget.ts';
import { RENDER_LIMIT, renderCall, renderMethodCall, renderValue } from './render.ts';
import { classOf, effectiveCallee, fetchedAttribute, resolveCallee } from './resolve.ts';
import { UNKNOWN, container } from './values.ts';
import type { CallOpcode, CallValue, GlobalValue, PickleValue } from './values.ts';

/**
 * How a global was reached: imported by an opcode (GLOBAL, STACK_GLOBAL, INST), or RESOLVED at load time
 * through calls (`getattr(__import__('os'), 'system')`, `operator.attrgetter`/`methodcaller`).
 */
export type GlobalVia = 'GLOBAL' | 'STACK_GLOBAL' | 'INST' | 'RESOLVED';

/** One import, as find_class would perform it. */
export interface GlobalEvent {
  /** After fix_imports. */
  readonly ref: GlobalRef;
  readonly written: GlobalRef;
  readonly via: GlobalVia;
  readonly operandsFromMemo: boolean;
  readonly dynamic: boolean;
  /** The Unpickler's protocol at the time. */
  readonly protocol: number;
  readonly offset: number;
}

/** Everything the machine observes, besides issues. */
export interface MachineSink extends IssueSink {
  global(event: GlobalEvent): void;
  call(
    opcode: CallOpcode,
    offset: number,
    callee: GlobalRef | undefined,
    expression: PickleValue,
    rendered: string,
  ): void;
  extension(code: number, offset: number): void;
  persistentId(offset: number): void;
}

const MAX_STATES = 16;
const ASCII_NAME = /^[A-Za-z0-9_.]+$/;
const SAFE_NAME = /^[\p{L}\p{N}_.]+$/u;
/** Values CPython would reject as STACK_GLOBAL operands (not str); calls and attrs may compute a str. */
const LITERAL_KINDS = new Set([
  'none',
  'bool',
  'int',
  'float',
  'bytes',
  'list',
  'tuple',
  'set',
  'frozenset',
  'dict',
  'global',
]);

/**
 * The opcodes with effects: imports (find_class, with fix_imports), calls, BUILD, container opcodes on
 * objects, persistent ids and extensions. Each is reported to the sink as CPython would perform it.
 */
export class MachineEffects extends MachineState {
  /** The protocol in effect: 0 until PROTO (CPython's Unpickler.proto), which decides fix_imports. */
  protocol = 0;
  /** The object the last opcode BUILT, when it was BUILD (joblib reads array data right after it). */
  built: PickleValue | undefined = undefined;
  /** The call the last opcode made, when it made one (pickle.loads of embedded bytes is analysed too). */
  lastCall: CallValue | undefined = undefined;
  protected readonly out: MachineSink;
  protected readonly budget: WorkBudget | undefined;

  constructor(limits: Limits, sink: MachineSink, budget?: WorkBudget) {
    super(limits, sink);
    this.out = sink;
    this.budget = budget;
  }

  protected persid(pid: PickleValue): void {
    this.out.persistentId(this.at);
    this.push({ kind: 'persid', pid });
  }

  protected extension(code: number): void {
    if (code <= 0) {
      const message = `EXT code ${code} at offset ${this.at} is not positive`;
      this.out.issue('PICKLE_BAD_EXTENSION_CODE', message, this.at);
    }
    this.out.extension(code, this.at);
    this.push({ kind: 'ext', code });
  }

  /** Import `written` (GLOBAL/INST/STACK_GLOBAL) the way find_class would, and record it. */
  protected importGlobal(
    written: GlobalRef,
    via: GlobalVia,
    fromMemo: boolean,
    dynamic = false,
  ): GlobalValue {
    const ref = dynamic ? written : fixImports(written.module, written.name, this.protocol);
    const plain = (text: string): boolean => ASCII_NAME.test(text) || SAFE_NAME.test(text);
    if (!dynamic && (!plain(ref.module) || !plain(ref.name))) {
      this.out.issue(
        'PICKLE_BAD_GLOBAL_NAME',
        `${via} at offset ${this.at} names an unusual module or attribute`,
        this.at,
      );
    }
    this.out.global({
      ref,
      written,
      via,
      operandsFromMemo: fromMemo,
      dynamic,
      protocol: this.protocol,
      offset: this.at,
    });
    return { kind: 'global', module: ref.module, name: ref.name };
  }

  protected globalOp(isInst: boolean, ref: GlobalRef): void {
    const g = this.importGlobal(ref, isInst ? 'INST' : 'GLOBAL', false);
    if (!isInst) return this.push(g);
    this.call('INST', g, container('tuple', this.popMark()), undefined);
  }

  protected stackGlobal(): void {
    const name = this.pop();
    const module = this.pop();
    if (module.kind === 'str' && name.kind === 'str') {
      const ref = { module: module.value, name: name.value };
      return this.push(this.importGlobal(ref, 'STACK_GLOBAL', module.fromMemo || name.fromMemo));
    }
    if (LITERAL_KINDS.has(module.kind) || LITERAL_KINDS.has(name.kind)) {
      this.out.issue(
        'PICKLE_BAD_OPERANDS',
        `STACK_GLOBAL at offset ${this.at} has operands that are not str`,
        this.at,
      );
    } else {
      this.out.issue(
        'PICKLE_DYNAMIC_GLOBAL',
        `STACK_GLOBAL at offset ${this.at} imports a name computed at load time`,
        this.at,
      );
    }
    const text = (v: PickleValue): string =>
      v.kind === 'str' ? v.value : `<${renderValue(v, 120, this.budget)}>`;
    this.push(
      this.importGlobal({ module: text(module), name: text(name) }, 'STACK_GLOBAL', false, true),
    );
  }

  protected call(
    opcode: CallOpcode,
    callee: PickleValue,
    args: PickleValue,
    kwargs: PickleValue | undefined,
  ): void {
    const value: CallValue = {
      kind: 'call',
      opcode,
      callee,
      args,
      kwargs,
      offset: this.at,
      states: [],
      methods: undefined,
    };
    const target = effectiveCallee(callee, args);
    const rendered = renderValue(value, RENDER_LIMIT, this.budget);
    this.out.call(opcode, this.at, target, callee, rendered);
    this.lastCall = value;
    const fetched = opcode === 'REDUCE' ? fetchedAttribute(callee, args) : undefined;
    // A module attribute reached at load time rather than imported by find_class is reported as a
    // global too: `getattr(__import__('os'), 'system')` imports os.system as surely as GLOBAL does.
    const reached =
      fetched === undefined
        ? callee.kind === 'call'
          ? target
          : undefined
        : resolveCallee(fetched);
    if (reached !== undefined) this.resolved(reached);
    this.push(fetched ?? value);
  }

  private resolved(ref: GlobalRef): void {
    this.out.global({
      ref,
      written: ref,
      via: 'RESOLVED',
      operandsFromMemo: false,
      dynamic: false,
      protocol: this.protocol,
      offset: this.at,
    });
  }

  /**
   * Report a method the unpickler calls on `target`. An instance attribute an earlier BUILD set under
   * that name is what really runs (`{'__setstate__': posix.system}` then BUILD 'id' runs posix.system).
   */
  private methodCall(
    opcode: CallOpcode,
    target: PickleValue,
    method: string,
    args: readonly PickleValue[],
  ): void {
    const own = target.kind === 'call' ? target.methods?.get(method) : undefined;
    if (own === undefined) {
      this.out.call(
        opcode,
        this.at,
        classOf(target),
        target,
        renderMethodCall(target, method, args, this.budget),
      );
    } else {
      this.out.call(opcode, this.at, resolveCallee(own), own, renderCall(own, args, this.budget));
    }
  }

  /** BUILD: `inst.__setstate__(state)`, or a `__dict__` update and setattr calls (Lib/pickle.py load_build). */
  protected build(): void {
    const state = this.pop();
    const target = this.top();
    this.methodCall('BUILD', target, '__setstate__', [state]);
    this.built = target;
    if (target.kind !== 'call') return;
    if (target.states.length < MAX_STATES) target.states.push(state);
    const parts = state.kind === 'tuple' && state.items.length === 2 ? state.items : [state];
    for (const part of parts) {
      if (part.kind !== 'dict' || part.special === undefined) continue;
      target.methods ??= new Map();
      for (const [name, fn] of part.special) target.methods.set(name, fn);
    }
  }

  /** Keep what a container opcode gave a call result (an OrderedDict's items), so it can be read back. */
  private fill(
    target: CallValue,
    by: 'dict' | 'list' | 'set',
    items: readonly PickleValue[],
  ): void {
    target.filled ??= { by, items: [], dropped: 0 };
    if (target.filled.by !== by) target.filled.by = 'mixed';
    this.addItems(target.filled, by === 'dict' ? items.slice(0, items.length & ~1) : items);
  }

  /** APPEND(S)/SETITEM(S)/ADDITEMS: plain containers are filled; any other object's methods get called. */
  protected extend(opcode: CallOpcode, items: PickleValue[]): void {
    const target = this.top();
    const wanted =
      opcode === 'SETITEM' || opcode === 'SETITEMS'
        ? 'dict'
        : opcode === 'ADDITEMS'
          ? 'set'
          : 'list';
    if (target.kind === wanted) return this.addItems(target, items);
    if (target.kind === 'call') this.fill(target, wanted, items);
    if (
      target.kind === 'call' ||
      target.kind === 'global' ||
      target.kind === 'attr' ||
      target.kind === 'persid' ||
      target.kind === 'ext'
    ) {
      if (opcode === 'APPEND') return this.methodCall(opcode, target, 'append', items);
      if (opcode === 'APPENDS') {
        // load_appends prefers `extend`, falling back on `append` per item.
        const extend = target.kind === 'call' && target.methods?.has('extend') === true;
        const appendOnly =
          !extend && target.kind === 'call' && target.methods?.has('append') === true;
        if (appendOnly) return this.methodCall(opcode, target, 'append', items.slice(0, 1));
        return this.methodCall(opcode, target, 'extend', [container('list', items)]);
      }
      if (opcode === 'ADDITEMS') return this.methodCall(opcode, target, 'add', items.slice(0, 1));
      return this.methodCall(opcode, target, '__setitem__', items.slice(0, 2));
    }
    if (target !== UNKNOWN) {
      this.out.issue(
        'PICKLE_BAD_OPERANDS',
        `${opcode} at offset ${this.at} applies to a ${target.kind}`,
        this.at,
      );
    }
  }
}
