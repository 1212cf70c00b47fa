import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import { PickleDecoder } from './decode.ts';
import { decodeOps, disassemble } from './disassemble.ts';
import type { DecodeEnd, DecodedOp } from './disassemble.ts';
import { OPCODES } from './opcodes.ts';
import { everyOpcodePickle } from './testing/every-opcode.ts';
import { latin1Bytes, leBytes as le, pickle } from './testing/pickle-builder.ts';

const limits = DEFAULT_LIMITS;

function decodeAll(bytes: Uint8Array, lim = limits): { ops: DecodedOp[]; end: DecodeEnd } {
  const ops: DecodedOp[] = [];
  const gen = decodeOps(bytes, { limits: lim });
  for (;;) {
    const step = gen.next();
    if (step.done === true) return { ops, end: step.value };
    ops.push(step.value);
  }
}

describe('decodeOps', () => {
  describe('when the pickle uses every opcode', () => {
    it('decodes each of the 68 opcodes', () => {
      const { ops, end } = decodeAll(everyOpcodePickle());
      assert.equal(end.issue, undefined);
      const seen = new Set(ops.map((op) => op.opcode.name));
      assert.deepEqual(
        [...OPCODES.map((op) => op.name)].filter((name) => !seen.has(name)),
        [],
      );
    });

    it('decodes the arguments', () => {
      const { ops } = decodeAll(everyOpcodePickle());
      const arg = (name: string): unknown => ops.find((op) => op.opcode.name === name)?.arg;
      assert.equal(arg('INT'), 42n);
      assert.equal(arg('BININT'), -7);
      assert.equal(arg('BININT2'), 700);
      assert.equal(arg('LONG'), 123456789012345678901234567890n);
      assert.equal(arg('LONG1'), 32767n);
      assert.equal(arg('LONG4'), -128n);
      assert.equal(arg('FLOAT'), 1.5);
      assert.equal(arg('BINFLOAT'), 1.5);
      assert.equal(arg('STRING'), 'py2 A');
      assert.equal(arg('BINSTRING'), 'hi');
      assert.equal(arg('UNICODE'), 'café');
      assert.equal(arg('BINUNICODE8'), 'z');
      assert.equal(arg('PERSID'), 'pid0');
      assert.equal(arg('GET'), 0);
      assert.equal(arg('LONG_BINGET'), 2);
      assert.equal(arg('EXT4'), 3);
      assert.deepEqual(arg('GLOBAL'), { module: 'collections', name: 'OrderedDict' });
      assert.deepEqual(arg('INST'), { module: 'builtins', name: 'set' });
      assert.equal(arg('PROTO'), 5);
    });
  });

  describe('when a bytes payload is decoded', () => {
    it('returns a view of the input, not a copy', () => {
      const bytes = pickle().bytes(new Uint8Array(300).fill(7)).stop().build();
      const { ops } = decodeAll(bytes);
      const payload = ops[0]?.arg;
      assert.ok(payload instanceof Uint8Array);
      assert.equal(payload.buffer, bytes.buffer);
      assert.equal(payload.byteOffset, 5);
      assert.equal(payload.length, 300);
    });
  });

  describe('when a length claims more than remains', () => {
    it('reports PICKLE_TRUNCATED for a 10 GB BINBYTES8 without allocating', () => {
      const { end } = decodeAll(
        pickle()
          .op('BINBYTES8', ...le(10n * 1024n ** 3n, 8))
          .raw([1, 2, 3])
          .build(),
      );
      assert.equal(end.issue?.code, 'PICKLE_TRUNCATED');
      assert.equal(end.issue.fatal, true);
    });

    it('reports PICKLE_TRUNCATED for a FRAME longer than the input', () => {
      const { end } = decodeAll(pickle().proto(4).frame(1000).op('NONE').stop().build());
      assert.equal(end.issue?.code, 'PICKLE_TRUNCATED');
      assert.equal(end.issue.offset, 2);
    });

    it('reports a 64-bit length past 2^53 as PICKLE_INTEGER_TOO_LARGE', () => {
      const { end } = decodeAll(
        pickle().op('BINUNICODE8', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff).build(),
      );
      assert.equal(end.issue?.code, 'PICKLE_INTEGER_TOO_LARGE');
    });
  });

  describe('when a length is negative', () => {
    it('reports PICKLE_NEGATIVE_LENGTH for BINSTRING and LONG4', () => {
      assert.equal(
        decodeAll(
          pickle()
            .op('BINSTRING', ...le(-1, 4))
            .build(),
        ).end.issue?.code,
        'PICKLE_NEGATIVE_LENGTH',
      );
      assert.equal(
        decodeAll(
          pickle()
            .op('LONG4', ...le(-5, 4))
            .build(),
        ).end.issue?.code,
        'PICKLE_NEGATIVE_LENGTH',
      );
    });
  });

  describe('when a string is longer than limits.maxStringLength', () => {
    it('decodes its start and notes it as truncated', () => {
      const small = makeLimits({ maxStringLength: 8 });
      const { ops, end } = decodeAll(pickle().str('x'.repeat(20)).stop().build(), small);
      assert.equal(end.issue, undefined);
      assert.equal(ops[0]?.arg, 'xxxxxxxx');
      assert.equal(ops[0]?.note, 'truncated');
    });

    it('reports a text line without newline within the limit as PICKLE_STRING_TOO_LONG', () => {
      const small = makeLimits({ maxStringLength: 8 });
      const { end } = decodeAll(latin1Bytes(`S'${'x'.repeat(50)}'\n.`), small);
      assert.equal(end.issue?.code, 'PICKLE_STRING_TOO_LONG');
    });
  });

  describe('when a protocol 0 argument cannot be parsed', () => {
    it('keeps framing and notes the argument as invalid', () => {
      const { ops, end } = decodeAll(latin1Bytes('Iabc\nF1.2.3\nS"unquoted\n.'));
      assert.equal(end.issue, undefined);
      assert.deepEqual(
        ops.map((op) => op.note),
        ['invalid', 'invalid', 'invalid', 'ok'],
      );
    });
  });

  describe('when a byte is not an opcode', () => {
    it('reports PICKLE_UNKNOWN_OPCODE with its offset', () => {
      const { ops, end } = decodeAll(Uint8Array.from([0x4e, 0xff, 0x2e]));
      assert.equal(ops.length, 1);
      assert.equal(end.issue?.code, 'PICKLE_UNKNOWN_OPCODE');
      assert.equal(end.issue.offset, 1);
    });
  });

  describe('when the op budget is exceeded', () => {
    it('reports PICKLE_TOO_MANY_OPS', () => {
      const { end } = decodeAll(latin1Bytes('NNNNN.'), makeLimits({ maxOps: 3 }));
      assert.equal(end.issue?.code, 'PICKLE_TOO_MANY_OPS');
    });
  });
});

describe('PickleDecoder', () => {
  describe('when raw data is read inside a frame', () => {
    it('takes it from after the frame and resumes the frame, then jumps past the data', () => {
      // FRAME(2) [NONE, NONE] raw[9, 9] STOP: raw read while the frame still holds both NONEs.
      const bytes = pickle().frame(2).op('NONE').op('NONE').raw([9, 9]).stop().build();
      const d = new PickleDecoder(bytes, 0, limits);
      d.next();
      assert.equal(d.insideFrame, true);
      const start = d.rawStart();
      assert.equal(start, 11);
      d.consumeRaw(start, 2);
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        d.next();
        names.push(d.opcode.name);
      }
      assert.deepEqual(names, ['NONE', 'NONE', 'STOP']);
      assert.equal(d.pos, bytes.length);
    });
  });
});

describe('disassemble', () => {
  it('lists one line per opcode with escaped arguments', () => {
    const result = disassemble(latin1Bytes("cos\nsystem\n(S'echo hi'\ntR."), { limits });
    assert.equal(result.ok, true);
    const lines = result.ok ? result.value.split('\n') : [];
    assert.equal(lines.length, 6);
    assert.match(lines[0] ?? '', /^\s+0: GLOBAL\s+os system$/);
    assert.match(lines[2] ?? '', /STRING\s+'echo hi'/);
  });

  it('stops at maxLines and at errors, keeping the lines before', () => {
    const cut = disassemble(latin1Bytes('NNNN.'), { limits, maxLines: 2 });
    assert.equal(cut.ok && cut.issues[0]?.code, 'PICKLE_LISTING_TRUNCATED');
    const broken = disassemble(Uint8Array.from([0x4e, 0x00]), { limits });
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : (broken.partial ?? ''), /NONE/);
  });
});
