/**
 * Every opcode of pickle protocols 0–5, as defined by CPython's Lib/pickle.py and documented (with the
 * argument descriptors named below) in Lib/pickletools.py. The argument kind decides how many bytes follow
 * the opcode byte and how they are read; see decode.ts.
 */

/** How an opcode's inline argument is encoded (pickletools.ArgumentDescriptor names). */
export const ARG_KINDS = [
  'none',
  'uint1',
  'uint2',
  'int4',
  'uint4',
  'uint8',
  'float8',
  'long1',
  'long4',
  'string1',
  'string4',
  'bytes1',
  'bytes4',
  'bytes8',
  'bytearray8',
  'unicodestring1',
  'unicodestring4',
  'unicodestring8',
  'decimalnl_short',
  'decimalnl_long',
  'floatnl',
  'stringnl',
  'stringnl_noescape',
  'stringnl_noescape_pair',
  'unicodestringnl',
] as const;

export type ArgKind = (typeof ARG_KINDS)[number];

/** One pickle opcode. */
export interface OpcodeInfo {
  /** The opcode byte. */
  readonly code: number;
  readonly name: OpcodeName;
  readonly arg: ArgKind;
  /** The protocol that introduced it (CPython does not reject newer opcodes in older protocols). */
  readonly proto: number;
}

// [name, code character, argument, protocol], in pickletools' order.
const TABLE = [
  ['INT', 'I', 'decimalnl_short', 0],
  ['BININT', 'J', 'int4', 1],
  ['BININT1', 'K', 'uint1', 1],
  ['BININT2', 'M', 'uint2', 1],
  ['LONG', 'L', 'decimalnl_long', 0],
  ['LONG1', '\x8a', 'long1', 2],
  ['LONG4', '\x8b', 'long4', 2],
  ['STRING', 'S', 'stringnl', 0],
  ['BINSTRING', 'T', 'string4', 1],
  ['SHORT_BINSTRING', 'U', 'string1', 1],
  ['BINBYTES', 'B', 'bytes4', 3],
  ['SHORT_BINBYTES', 'C', 'bytes1', 3],
  ['BINBYTES8', '\x8e', 'bytes8', 4],
  ['BYTEARRAY8', '\x96', 'bytearray8', 5],
  ['NEXT_BUFFER', '\x97', 'none', 5],
  ['READONLY_BUFFER', '\x98', 'none', 5],
  ['NONE', 'N', 'none', 0],
  ['NEWTRUE', '\x88', 'none', 2],
  ['NEWFALSE', '\x89', 'none', 2],
  ['UNICODE', 'V', 'unicodestringnl', 0],
  ['SHORT_BINUNICODE', '\x8c', 'unicodestring1', 4],
  ['BINUNICODE', 'X', 'unicodestring4', 1],
  ['BINUNICODE8', '\x8d', 'unicodestring8', 4],
  ['FLOAT', 'F', 'floatnl', 0],
  ['BINFLOAT', 'G', 'float8', 1],
  ['EMPTY_LIST', ']', 'none', 1],
  ['APPEND', 'a', 'none', 0],
  ['APPENDS', 'e', 'none', 1],
  ['LIST', 'l', 'none', 0],
  ['EMPTY_TUPLE', ')', 'none', 1],
  ['TUPLE', 't', 'none', 0],
  ['TUPLE1', '\x85', 'none', 2],
  ['TUPLE2', '\x86', 'none', 2],
  ['TUPLE3', '\x87', 'none', 2],
  ['EMPTY_DICT', '}', 'none', 1],
  ['DICT', 'd', 'none', 0],
  ['SETITEM', 's', 'none', 0],
  ['SETITEMS', 'u', 'none', 1],
  ['EMPTY_SET', '\x8f', 'none', 4],
  ['ADDITEMS', '\x90', 'none', 4],
  ['FROZENSET', '\x91', 'none', 4],
  ['POP', '0', 'none', 0],
  ['DUP', '2', 'none', 0],
  ['MARK', '(', 'none', 0],
  ['POP_MARK', '1', 'none', 1],
  ['GET', 'g', 'decimalnl_short', 0],
  ['BINGET', 'h', 'uint1', 1],
  ['LONG_BINGET', 'j', 'uint4', 1],
  ['PUT', 'p', 'decimalnl_short', 0],
  ['BINPUT', 'q', 'uint1', 1],
  ['LONG_BINPUT', 'r', 'uint4', 1],
  ['MEMOIZE', '\x94', 'none', 4],
  ['EXT1', '\x82', 'uint1', 2],
  ['EXT2', '\x83', 'uint2', 2],
  ['EXT4', '\x84', 'int4', 2],
  ['GLOBAL', 'c', 'stringnl_noescape_pair', 0],
  ['STACK_GLOBAL', '\x93', 'none', 4],
  ['REDUCE', 'R', 'none', 0],
  ['BUILD', 'b', 'none', 0],
  ['INST', 'i', 'stringnl_noescape_pair', 0],
  ['OBJ', 'o', 'none', 1],
  ['NEWOBJ', '\x81', 'none', 2],
  ['NEWOBJ_EX', '\x92', 'none', 4],
  ['PROTO', '\x80', 'uint1', 2],
  ['STOP', '.', 'none', 0],
  ['FRAME', '\x95', 'uint8', 4],
  ['PERSID', 'P', 'stringnl_noescape', 0],
  ['BINPERSID', 'Q', 'none', 1],
] as const satisfies readonly (readonly [string, string, ArgKind, number])[];

/** Every opcode name, e.g. 'REDUCE'. */
export type OpcodeName = (typeof TABLE)[number][0];

/** All 68 opcodes of protocols 0–5, in pickletools' order. */
export const OPCODES: readonly OpcodeInfo[] = Object.freeze(
  TABLE.map(([name, ch, arg, proto]) =>
    Object.freeze({ code: ch.charCodeAt(0), name, arg, proto }),
  ),
);

const BY_CODE: readonly (OpcodeInfo | undefined)[] = (() => {
  const table = new Array<OpcodeInfo | undefined>(256).fill(undefined);
  for (const op of OPCODES) table[op.code] = op;
  return table;
})();

/** The opcode for a byte, or undefined when CPython would reject it ("invalid load key"). */
export function opcodeOf(byte: number): OpcodeInfo | undefined {
  return BY_CODE[byte];
}

/** Opcode byte values by name, for building and matching pickles in code. */
export const OP = Object.freeze(
  Object.fromEntries(OPCODES.map((op) => [op.name, op.code])) as Record<OpcodeName, number>,
);
