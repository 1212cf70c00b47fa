import { leBytes as le, pickle } from './pickle-builder.ts';

/**
 * A well-formed protocol 5 pickle that uses each of the 68 opcodes at least once, with every value kept
 * on the stack inside one MARK ... TUPLE so the machine never underflows.
 */
export function everyOpcodePickle(): Uint8Array {
  const p = pickle().proto(5).frame(0).op('MARK');
  // Numbers.
  p.line('INT', '42')
    .line('INT', '01')
    .op('BININT', ...le(-7, 4))
    .op('BININT1', 7)
    .op('BININT2', ...le(700, 2));
  p.line('LONG', '123456789012345678901234567890L')
    .op('LONG1', 2, 0xff, 0x7f)
    .op('LONG4', ...le(1, 4), 0x80);
  p.line('FLOAT', '1.5').op('BINFLOAT', 0x3f, 0xf8, 0, 0, 0, 0, 0, 0);
  p.op('NONE').op('NEWTRUE').op('NEWFALSE');
  // Strings and bytes.
  p.line('STRING', "'py2 \\x41'")
    .op('BINSTRING', ...le(2, 4), 0x68, 0x69)
    .op('SHORT_BINSTRING', 1, 0x21);
  p.line('UNICODE', 'caf\\u00e9')
    .op('BINUNICODE', ...le(1, 4), 0x78)
    .op('SHORT_BINUNICODE', 1, 0x79);
  p.op('BINUNICODE8', ...le(1, 8), 0x7a);
  p.op('BINBYTES', ...le(1, 4), 1)
    .op('SHORT_BINBYTES', 1, 2)
    .op('BINBYTES8', ...le(1, 8), 3);
  p.op('BYTEARRAY8', ...le(2, 8), 4, 5).op('READONLY_BUFFER');
  // Persistent ids.
  p.line('PERSID', 'pid0').str('pid1').op('BINPERSID');
  // Containers.
  p.op('EMPTY_LIST').int(1).op('APPEND').op('MARK').int(2).int(3).op('APPENDS');
  p.op('MARK').int(4).op('LIST');
  p.op('EMPTY_TUPLE').op('MARK').op('NONE').op('TUPLE');
  p.op('NONE')
    .op('TUPLE1')
    .op('NONE')
    .op('NONE')
    .op('TUPLE2')
    .op('NONE')
    .op('NONE')
    .op('NONE')
    .op('TUPLE3');
  p.op('EMPTY_DICT')
    .str('k')
    .op('NONE')
    .op('SETITEM')
    .op('MARK')
    .str('k2')
    .op('NONE')
    .op('SETITEMS');
  p.op('MARK').str('k3').op('NONE').op('DICT');
  p.op('EMPTY_SET').op('MARK').int(1).op('ADDITEMS').op('MARK').int(1).op('FROZENSET');
  // Stack manipulation and the memo.
  p.op('POP').op('DUP').op('POP').op('MARK').op('NONE').op('POP_MARK');
  p.line('PUT', '0')
    .op('BINPUT', 1)
    .op('LONG_BINPUT', ...le(2, 4))
    .op('MEMOIZE');
  p.line('GET', '0')
    .op('BINGET', 1)
    .op('LONG_BINGET', ...le(2, 4));
  // Imports and calls.
  p.global('collections', 'OrderedDict')
    .op('EMPTY_TUPLE')
    .op('REDUCE')
    .op('EMPTY_DICT')
    .op('BUILD');
  p.op('MARK').line('INST', 'builtins', 'set');
  p.op('MARK').global('builtins', 'list').op('OBJ');
  p.global('builtins', 'object').op('EMPTY_TUPLE').op('NEWOBJ');
  p.global('builtins', 'object').op('EMPTY_TUPLE').op('EMPTY_DICT').op('NEWOBJ_EX');
  p.str('builtins').str('len').op('STACK_GLOBAL');
  p.op('EXT1', 1)
    .op('EXT2', ...le(2, 2))
    .op('EXT4', ...le(3, 4));
  p.op('NEXT_BUFFER');
  return p.op('TUPLE').stop().build();
}
