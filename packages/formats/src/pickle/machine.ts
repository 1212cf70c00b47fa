import type { Limits } from '@mlsec/core';
import { fixImports } from './compat.ts';
import type { GlobalRef, PickleDecoder } from './decode.ts';
import { MachineState } from './machine-state.ts';
import type { IssueSink } from './machine-state.ts';
import { OP } from './opcodes.ts';
import { renderMethodCall, renderValue } from './render.ts';
import { classOf, isGetattr, resolveCallee } from './resolve.ts';
import {
  FALSE,
  NONE,
  TRUE,
  UNKNOWN,
  asSequence,
  asString,
  container,
  intValue,
  strValue,
} from './values.ts';
import type { CallOpcode, CallValue, GlobalValue, PickleValue } from './values.ts';

/** How a global was imported. */
export type GlobalVia = 'GLOBAL' | 'STACK_GLOBAL' | 'INST';

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
  call(opcode: CallOpcode, offset: number, callee: GlobalRef | undefined, expression: PickleValue, rendered: string): void;
  extension(code: number, offset: number): void;
  persistentId(offset: number): void;
}

/** Highest protocol CPython understands (pickle.HIGHEST_PROTOCOL). */
export const HIGHEST_PROTOCOL = 5;
const MAX_STATES = 16;
const SAFE_NAME = /^[\p{L}\p{N}_.]+$/u;
/** Values CPython would reject as STACK_GLOBAL operands (not str); calls and attrs may compute a str. */
const LITERAL_KINDS = new Set(['none', 'bool', 'int', 'float', 'bytes', 'list', 'tuple', 'set', 'frozenset', 'dict', 'global']);

function toInt(arg: unknown): PickleValue {
  if (typeof arg === 'number') return intValue(arg);
  if (typeof arg === 'bigint') {
    const safe = arg >= BigInt(Number.MIN_SAFE_INTEGER) && arg <= BigInt(Number.MAX_SAFE_INTEGER);
    return intValue(safe ? Number(arg) : arg);
  }
  return intValue(undefined);
}

/**
 * The symbolic unpickler: executes every opcode on symbolic values and reports each import and each call
 * CPython would make, without importing or calling anything. One machine runs one pickle (one Unpickler).
 */
export class PickleMachine extends MachineState {
  /** The protocol in effect: 0 until PROTO (CPython's Unpickler.proto), which decides fix_imports. */
  protocol = 0;
  /** The PROTO argument, or 0 when the pickle has none. */
  declaredProtocol = 0;
  stopped = false;
  /** The object the last opcode BUILT, when it was BUILD (joblib reads array data right after it). */
  built: PickleValue | undefined = undefined;
  private readonly out: MachineSink;

  constructor(limits: Limits, sink: MachineSink) {
    super(limits, sink);
    this.out = sink;
  }

  /** Execute the opcode the decoder holds. Throws ReadError only when a size limit is exceeded. */
  step(d: PickleDecoder): void {
    this.at = d.offset;
    this.built = undefined;
    const arg = d.arg;
    if (d.note === 'invalid') {
      this.out.issue('PICKLE_BAD_TEXT_ARG', `unparseable ${d.opcode.name} argument at offset ${d.offset}`, d.offset);
    } else if (d.note === 'truncated') {
      this.out.issue('PICKLE_STRING_TOO_LONG', `${d.opcode.name} at offset ${d.offset} exceeds ${this.limits.maxStringLength} bytes; only its start is analysed`, d.offset);
    }
    switch (d.opcode.code) {
      case OP.MARK:
        return this.mark();
      case OP.STOP:
        this.pop();
        this.stopped = true;
        return;
      case OP.POP:
        return this.popOrMark();
      case OP.POP_MARK:
        this.popMark();
        return;
      case OP.DUP:
        return this.push(this.top());
      case OP.FLOAT:
      case OP.BINFLOAT:
        return this.push({ kind: 'float', value: typeof arg === 'number' ? arg : Number.NaN });
      case OP.INT:
        return this.push(arg === true ? TRUE : arg === false ? FALSE : toInt(arg));
      case OP.BININT:
      case OP.BININT1:
      case OP.BININT2:
      case OP.LONG:
      case OP.LONG1:
      case OP.LONG4:
        return this.push(toInt(arg));
      case OP.NONE:
        return this.push(NONE);
      case OP.NEWTRUE:
        return this.push(TRUE);
      case OP.NEWFALSE:
        return this.push(FALSE);
      case OP.PERSID:
        return this.persid(strValue(typeof arg === 'string' ? arg : ''));
      case OP.BINPERSID:
        return this.persid(this.pop());
      case OP.REDUCE: {
        const args = this.pop();
        return this.call('REDUCE', this.pop(), args, undefined);
      }
      case OP.STRING:
      case OP.BINSTRING:
      case OP.SHORT_BINSTRING:
      case OP.UNICODE:
      case OP.BINUNICODE:
      case OP.SHORT_BINUNICODE:
      case OP.BINUNICODE8:
        return this.push(strValue(typeof arg === 'string' ? arg : '', d.note === 'truncated'));
      case OP.BINBYTES:
      case OP.SHORT_BINBYTES:
      case OP.BINBYTES8:
      case OP.BYTEARRAY8:
        return this.push({
          kind: 'bytes',
          value: arg instanceof Uint8Array ? arg : new Uint8Array(0),
          bytearray: d.opcode.code === OP.BYTEARRAY8,
        });
      case OP.APPEND: {
        const item = this.pop();
        return this.extend('APPEND', [item]);
      }
      case OP.APPENDS:
        return this.extend('APPENDS', this.popMark());
      case OP.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        return this.extend('SETITEM', [key, value]);
      }
      case OP.SETITEMS:
        return this.extend('SETITEMS', this.popMark());
      case OP.ADDITEMS:
        return this.extend('ADDITEMS', this.popMark());
      case OP.BUILD:
        return this.build();
      case OP.GLOBAL:
      case OP.INST:
        return this.globalOp(d.opcode.code === OP.INST, arg as GlobalRef);
      case OP.STACK_GLOBAL:
        return this.stackGlobal();
      case OP.DICT:
        return this.push(this.dict(this.popMark()));
      case OP.EMPTY_DICT:
        return this.push(container('dict'));
      case OP.LIST:
        return this.push(container('list', this.popMark()));
      case OP.EMPTY_LIST:
        return this.push(container('list'));
      case OP.TUPLE:
        return this.push(container('tuple', this.popMark()));
      case OP.EMPTY_TUPLE:
        return this.push(container('tuple'));
      case OP.TUPLE1:
      case OP.TUPLE2:
      case OP.TUPLE3:
        return this.tupleN(d.opcode.code - OP.TUPLE1 + 1);
      case OP.EMPTY_SET:
        return this.push(container('set'));
      case OP.FROZENSET:
        return this.push(container('frozenset', this.popMark()));
      case OP.GET:
      case OP.BINGET:
      case OP.LONG_BINGET:
        return this.push(this.memoGet(typeof arg === 'number' ? arg : undefined));
      case OP.PUT:
      case OP.BINPUT:
      case OP.LONG_BINPUT:
        return this.memoPut(typeof arg === 'number' ? arg : undefined);
      case OP.MEMOIZE:
        return this.memoPut(this.memo.size);
      case OP.OBJ: {
        const items = this.popMark();
        const cls = items.shift();
        if (cls === undefined) this.out.issue('PICKLE_BAD_OPERANDS', `OBJ without a class at offset ${this.at}`, this.at);
        return this.call('OBJ', cls ?? UNKNOWN, container('tuple', items), undefined);
      }
      case OP.NEWOBJ: {
        const args = this.pop();
        return this.call('NEWOBJ', this.pop(), args, undefined);
      }
      case OP.NEWOBJ_EX: {
        const kwargs = this.pop();
        const args = this.pop();
        return this.call('NEWOBJ_EX', this.pop(), args, kwargs);
      }
      case OP.EXT1:
      case OP.EXT2:
      case OP.EXT4:
        return this.extension(typeof arg === 'number' ? arg : 0);
      case OP.PROTO:
        return this.proto(typeof arg === 'number' ? arg : 0);
      case OP.FRAME:
        return; // framing is the decoder's business
      case OP.NEXT_BUFFER:
        this.out.issue('PICKLE_OUT_OF_BAND_BUFFER', `NEXT_BUFFER at offset ${this.at} needs out-of-band buffers`, this.at);
        return this.push({ kind: 'opaque', what: 'buffer' });
      case OP.READONLY_BUFFER:
        this.top();
        return;
    }
  }

  private proto(version: number): void {
    if (this.declaredProtocol === 0) this.declaredProtocol = version;
    if (version > HIGHEST_PROTOCOL) {
      this.out.issue('PICKLE_UNSUPPORTED_PROTOCOL', `unsupported pickle protocol ${version} at offset ${this.at}`, this.at);
      return;
    }
    this.protocol = version;
  }

  private persid(pid: PickleValue): void {
    this.out.persistentId(this.at);
    this.push({ kind: 'persid', pid });
  }

  private extension(code: number): void {
    if (code <= 0) this.out.issue('PICKLE_BAD_EXTENSION_CODE', `EXT code ${code} at offset ${this.at} is not positive`, this.at);
    this.out.extension(code, this.at);
    this.push({ kind: 'ext', code });
  }

  private tupleN(n: number): void {
    const items: PickleValue[] = new Array<PickleValue>(n);
    for (let i = n - 1; i >= 0; i--) items[i] = this.pop();
    this.push(container('tuple', items));
  }

  private dict(items: PickleValue[]): PickleValue {
    if (items.length % 2 !== 0) {
      this.out.issue('PICKLE_BAD_OPERANDS', `odd number of items for DICT at offset ${this.at}`, this.at);
      items.pop();
    }
    return container('dict', items);
  }

  /** Import `written` (GLOBAL/INST/STACK_GLOBAL) the way find_class would, and record it. */
  private importGlobal(written: GlobalRef, via: GlobalVia, fromMemo: boolean, dynamic = false): GlobalValue {
    const ref = dynamic ? written : fixImports(written.module, written.name, this.protocol);
    if (!dynamic && (!SAFE_NAME.test(ref.module) || !SAFE_NAME.test(ref.name))) {
      this.out.issue('PICKLE_BAD_GLOBAL_NAME', `${via} at offset ${this.at} names an unusual module or attribute`, this.at);
    }
    this.out.global({ ref, written, via, operandsFromMemo: fromMemo, dynamic, protocol: this.protocol, offset: this.at });
    return { kind: 'global', module: ref.module, name: ref.name };
  }

  private globalOp(isInst: boolean, ref: GlobalRef): void {
    const g = this.importGlobal(ref, isInst ? 'INST' : 'GLOBAL', false);
    if (!isInst) return this.push(g);
    this.call('INST', g, container('tuple', this.popMark()), undefined);
  }

  private stackGlobal(): void {
    const name = this.pop();
    const module = this.pop();
    if (module.kind === 'str' && name.kind === 'str') {
      const ref = { module: module.value, name: name.value };
      return this.push(this.importGlobal(ref, 'STACK_GLOBAL', module.fromMemo || name.fromMemo));
    }
    if (LITERAL_KINDS.has(module.kind) || LITERAL_KINDS.has(name.kind)) {
      this.out.issue('PICKLE_BAD_OPERANDS', `STACK_GLOBAL at offset ${this.at} has operands that are not str`, this.at);
    } else {
      this.out.issue('PICKLE_DYNAMIC_GLOBAL', `STACK_GLOBAL at offset ${this.at} imports a name computed at load time`, this.at);
    }
    const text = (v: PickleValue): string => (v.kind === 'str' ? v.value : `<${renderValue(v, 120)}>`);
    this.push(this.importGlobal({ module: text(module), name: text(name) }, 'STACK_GLOBAL', false, true));
  }

  private call(opcode: CallOpcode, callee: PickleValue, args: PickleValue, kwargs: PickleValue | undefined): void {
    const value: CallValue = { kind: 'call', opcode, callee, args, kwargs, offset: this.at, states: [] };
    this.out.call(opcode, this.at, resolveCallee(callee), callee, renderValue(value));
    const argv = asSequence(args);
    const attr = asString(argv?.[1]);
    if (opcode === 'REDUCE' && attr !== undefined && argv !== undefined && isGetattr(callee)) {
      return this.push({ kind: 'attr', base: argv[0] ?? UNKNOWN, name: attr });
    }
    this.push(value);
  }

  /** BUILD: `inst.__setstate__(state)`, or a `__dict__` update and setattr calls (Lib/pickle.py load_build). */
  private build(): void {
    const state = this.pop();
    const target = this.top();
    this.out.call('BUILD', this.at, classOf(target), target, renderMethodCall(target, '__setstate__', [state]));
    if (target.kind === 'call' && target.states.length < MAX_STATES) target.states.push(state);
    this.built = target;
  }

  /** APPEND(S)/SETITEM(S)/ADDITEMS: plain containers are filled; any other object's methods get called. */
  private extend(opcode: CallOpcode, items: PickleValue[]): void {
    const target = this.top();
    const wanted = opcode === 'SETITEM' || opcode === 'SETITEMS' ? 'dict' : opcode === 'ADDITEMS' ? 'set' : 'list';
    if (target.kind === wanted) return this.addItems(target, items);
    if (target.kind === 'call' || target.kind === 'global' || target.kind === 'attr' || target.kind === 'persid' || target.kind === 'ext') {
      const [method, args] =
        opcode === 'APPEND' ? ['append', items]
        : opcode === 'APPENDS' ? ['extend', [container('list', items)]]
        : opcode === 'ADDITEMS' ? ['add', items.slice(0, 1)]
        : ['__setitem__', items.slice(0, 2)];
      this.out.call(opcode, this.at, classOf(target), target, renderMethodCall(target, method, args));
      return;
    }
    if (target !== UNKNOWN) {
      this.out.issue('PICKLE_BAD_OPERANDS', `${opcode} at offset ${this.at} applies to a ${target.kind}`, this.at);
    }
  }
}
