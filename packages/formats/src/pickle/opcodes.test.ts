import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OP, OPCODES, opcodeOf } from './opcodes.ts';

// The names of protocols 0–5, as listed in CPython's Lib/pickle.py.
const CPYTHON_NAMES =
  `MARK STOP POP POP_MARK DUP FLOAT INT BININT BININT1 LONG BININT2 NONE PERSID BINPERSID REDUCE
  STRING BINSTRING SHORT_BINSTRING UNICODE BINUNICODE APPEND BUILD GLOBAL DICT EMPTY_DICT APPENDS GET BINGET
  INST LONG_BINGET LIST EMPTY_LIST OBJ PUT BINPUT LONG_BINPUT SETITEM TUPLE EMPTY_TUPLE SETITEMS BINFLOAT PROTO
  NEWOBJ EXT1 EXT2 EXT4 TUPLE1 TUPLE2 TUPLE3 NEWTRUE NEWFALSE LONG1 LONG4 BINBYTES SHORT_BINBYTES
  SHORT_BINUNICODE BINUNICODE8 BINBYTES8 EMPTY_SET ADDITEMS FROZENSET NEWOBJ_EX STACK_GLOBAL MEMOIZE FRAME
  BYTEARRAY8 NEXT_BUFFER READONLY_BUFFER`.split(/\s+/);

describe('OPCODES', () => {
  it('lists every opcode of protocols 0–5 exactly once', () => {
    assert.equal(OPCODES.length, 68);
    assert.deepEqual(new Set(OPCODES.map((op) => op.name)), new Set(CPYTHON_NAMES));
    assert.equal(new Set(OPCODES.map((op) => op.code)).size, 68);
  });

  it('gives each opcode its CPython byte, argument and protocol', () => {
    const expect: [string, number, string, number][] = [
      ['MARK', 0x28, 'none', 0],
      ['INT', 0x49, 'decimalnl_short', 0],
      ['BININT2', 0x4d, 'uint2', 1],
      ['BINSTRING', 0x54, 'string4', 1],
      ['GLOBAL', 0x63, 'stringnl_noescape_pair', 0],
      ['PERSID', 0x50, 'stringnl_noescape', 0],
      ['LONG_BINGET', 0x6a, 'uint4', 1],
      ['EXT4', 0x84, 'int4', 2],
      ['LONG4', 0x8b, 'long4', 2],
      ['BINBYTES', 0x42, 'bytes4', 3],
      ['BINUNICODE8', 0x8d, 'unicodestring8', 4],
      ['FRAME', 0x95, 'uint8', 4],
      ['BYTEARRAY8', 0x96, 'bytearray8', 5],
      ['READONLY_BUFFER', 0x98, 'none', 5],
    ];
    for (const [name, code, arg, proto] of expect) {
      assert.deepEqual(opcodeOf(code), { code, name, arg, proto }, name);
    }
  });

  it('maps names to bytes in OP', () => {
    assert.equal(OP.REDUCE, 0x52);
    assert.equal(OP.STACK_GLOBAL, 0x93);
  });

  it('returns undefined for bytes that are not opcodes', () => {
    for (const byte of [0x00, 0x0a, 0x41, 0x99, 0xff]) assert.equal(opcodeOf(byte), undefined);
    assert.equal(Array.from({ length: 256 }, (_, b) => opcodeOf(b)).filter(Boolean).length, 68);
  });
});
