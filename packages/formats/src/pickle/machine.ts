import type { GlobalRef, PickleDecoder } from './decode.ts';
import { MachineEffects } from './machine-effects.ts';
import {
  FALSE,
  NONE,
  TRUE,
  UNKNOWN,
  container,
  intValue,
  noteSpecialKeys,
  strValue,
} from './values.ts';
import type { PickleValue } from './values.ts';

export type { GlobalEvent, GlobalVia, MachineSink } from './machine-effects.ts';

/** Highest protocol CPython understands (pickle.HIGHEST_PROTOCOL). */
export const HIGHEST_PROTOCOL = 5;

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
export class PickleMachine extends MachineEffects {
  /** The PROTO argument, or 0 when the pickle has none. */
  declaredProtocol = 0;
  stopped = false;
  /** The value STOP returned (what pickle.load would hand back), once the machine has stopped. */
  result: PickleValue | undefined = undefined;

  /** Execute the opcode the decoder holds. Throws ReadError only when a size limit is exceeded. */
  step(d: PickleDecoder): void {
    this.at = d.offset;
    this.built = undefined;
    this.lastCall = undefined;
    const arg = d.arg;
    if (d.note === 'invalid') {
      this.out.issue(
        'PICKLE_BAD_TEXT_ARG',
        `unparseable ${d.opcode.name} argument at offset ${d.offset}`,
        d.offset,
      );
    } else if (d.note === 'truncated') {
      this.out.issue(
        'PICKLE_STRING_TRUNCATED',
        `${d.opcode.name} at offset ${d.offset} exceeds ${this.limits.maxStringLength} bytes; only its start is analysed`,
        d.offset,
      );
    }
    switch (d.opcode.name) {
      case 'MARK':
        return this.mark();
      case 'STOP':
        this.result = this.pop();
        this.stopped = true;
        return;
      case 'POP':
        return this.popOrMark();
      case 'POP_MARK':
        this.popMark();
        return;
      case 'DUP':
        return this.push(this.top());
      case 'FLOAT':
      case 'BINFLOAT':
        return this.push({ kind: 'float', value: typeof arg === 'number' ? arg : Number.NaN });
      case 'INT':
        return this.push(arg === true ? TRUE : arg === false ? FALSE : toInt(arg));
      case 'BININT':
      case 'BININT1':
      case 'BININT2':
      case 'LONG':
      case 'LONG1':
      case 'LONG4':
        return this.push(toInt(arg));
      case 'NONE':
        return this.push(NONE);
      case 'NEWTRUE':
        return this.push(TRUE);
      case 'NEWFALSE':
        return this.push(FALSE);
      case 'PERSID':
        return this.persid(strValue(typeof arg === 'string' ? arg : ''));
      case 'BINPERSID':
        return this.persid(this.pop());
      case 'REDUCE': {
        const args = this.pop();
        return this.call('REDUCE', this.pop(), args, undefined);
      }
      case 'STRING':
      case 'BINSTRING':
      case 'SHORT_BINSTRING':
      case 'UNICODE':
      case 'BINUNICODE':
      case 'SHORT_BINUNICODE':
      case 'BINUNICODE8':
        return this.push(strValue(typeof arg === 'string' ? arg : '', d.note === 'truncated'));
      case 'BINBYTES':
      case 'SHORT_BINBYTES':
      case 'BINBYTES8':
      case 'BYTEARRAY8':
        return this.push({
          kind: 'bytes',
          value: arg instanceof Uint8Array ? arg : new Uint8Array(0),
          bytearray: d.opcode.name === 'BYTEARRAY8',
        });
      case 'APPEND': {
        const item = this.pop();
        return this.extend('APPEND', [item]);
      }
      case 'APPENDS':
        return this.extend('APPENDS', this.popMark());
      case 'SETITEM': {
        const value = this.pop();
        const key = this.pop();
        return this.extend('SETITEM', [key, value]);
      }
      case 'SETITEMS':
        return this.extend('SETITEMS', this.popMark());
      case 'ADDITEMS':
        return this.extend('ADDITEMS', this.popMark());
      case 'BUILD':
        return this.build();
      case 'GLOBAL':
      case 'INST':
        return this.globalOp(d.opcode.name === 'INST', arg as GlobalRef);
      case 'STACK_GLOBAL':
        return this.stackGlobal();
      case 'DICT':
        return this.push(this.dict(this.popMark()));
      case 'EMPTY_DICT':
        return this.push(container('dict'));
      case 'LIST':
        return this.push(container('list', this.popMark()));
      case 'EMPTY_LIST':
        return this.push(container('list'));
      case 'TUPLE':
        return this.push(container('tuple', this.popMark()));
      case 'EMPTY_TUPLE':
        return this.push(container('tuple'));
      case 'TUPLE1':
      case 'TUPLE2':
      case 'TUPLE3':
        return this.tupleN(d.opcode.name === 'TUPLE1' ? 1 : d.opcode.name === 'TUPLE2' ? 2 : 3);
      case 'EMPTY_SET':
        return this.push(container('set'));
      case 'FROZENSET':
        return this.push(container('frozenset', this.popMark()));
      case 'GET':
      case 'BINGET':
      case 'LONG_BINGET':
        return this.push(this.memoGet(typeof arg === 'number' ? arg : undefined));
      case 'PUT':
      case 'BINPUT':
      case 'LONG_BINPUT':
        return this.memoPut(typeof arg === 'number' ? arg : undefined);
      case 'MEMOIZE':
        return this.memoPut(this.memo.size);
      case 'OBJ': {
        const items = this.popMark();
        const cls = items.shift();
        if (cls === undefined)
          this.out.issue(
            'PICKLE_BAD_OPERANDS',
            `OBJ without a class at offset ${this.at}`,
            this.at,
          );
        return this.call('OBJ', cls ?? UNKNOWN, container('tuple', items), undefined);
      }
      case 'NEWOBJ': {
        const args = this.pop();
        return this.call('NEWOBJ', this.pop(), args, undefined);
      }
      case 'NEWOBJ_EX': {
        const kwargs = this.pop();
        const args = this.pop();
        return this.call('NEWOBJ_EX', this.pop(), args, kwargs);
      }
      case 'EXT1':
      case 'EXT2':
      case 'EXT4':
        return this.extension(typeof arg === 'number' ? arg : 0);
      case 'PROTO':
        return this.proto(typeof arg === 'number' ? arg : 0);
      case 'FRAME':
        return; // framing is the decoder's business
      case 'NEXT_BUFFER':
        this.out.issue(
          'PICKLE_OUT_OF_BAND_BUFFER',
          `NEXT_BUFFER at offset ${this.at} needs out-of-band buffers`,
          this.at,
        );
        return this.push({ kind: 'opaque', what: 'buffer' });
      case 'READONLY_BUFFER':
        this.top();
        return;
    }
  }
  private proto(version: number): void {
    if (this.declaredProtocol === 0) this.declaredProtocol = version;
    if (version > HIGHEST_PROTOCOL) {
      this.out.issue(
        'PICKLE_UNSUPPORTED_PROTOCOL',
        `unsupported pickle protocol ${version} at offset ${this.at}`,
        this.at,
      );
      return;
    }
    this.protocol = version;
  }
  private tupleN(n: number): void {
    const items: PickleValue[] = new Array<PickleValue>(n);
    for (let i = n - 1; i >= 0; i--) items[i] = this.pop();
    this.push(container('tuple', items));
  }

  private dict(items: PickleValue[]): PickleValue {
    if (items.length % 2 !== 0) {
      this.out.issue(
        'PICKLE_BAD_OPERANDS',
        `odd number of items for DICT at offset ${this.at}`,
        this.at,
      );
      items.pop();
    }
    const dict = container('dict', items);
    noteSpecialKeys(dict, items);
    return dict;
  }
}
