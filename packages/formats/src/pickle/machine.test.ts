import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { analyse, callSummary, globalNames } from './testing/analyse-helpers.ts';
import { latin1Bytes, leBytes as le, pickle } from './testing/pickle-builder.ts';

describe('PickleMachine (through analysePickle)', () => {
  describe('when a protocol 0 text pickle calls os.system', () => {
    it('reports the GLOBAL and the REDUCE with a rendering', () => {
      const { ok, a } = analyse(latin1Bytes("cos\nsystem\n(S'echo hi'\ntR."));
      assert.equal(ok, true);
      assert.deepEqual(a.globals, [
        {
          module: 'os',
          name: 'system',
          offset: 0,
          pickleIndex: 0,
          via: 'GLOBAL',
          operandsFromMemo: false,
          protocol: 0,
        },
      ]);
      assert.equal(a.calls.length, 1);
      assert.deepEqual(a.calls[0], {
        opcode: 'REDUCE',
        offset: 24,
        pickleIndex: 0,
        callee: { module: 'os', name: 'system' },
        calleeGlobals: [{ module: 'os', name: 'system' }],
        rendered: "os.system('echo hi')",
      });
    });
  });

  describe('when a protocol < 3 pickle names a Python 2 module', () => {
    it('reports what fix_imports resolves, with the written name', () => {
      const { a } = analyse(latin1Bytes("c__builtin__\neval\n(S'1'\ntR."));
      assert.deepEqual(globalNames(a), ['builtins.eval']);
      assert.deepEqual(a.globals[0]?.written, { module: '__builtin__', name: 'eval' });
      assert.deepEqual(callSummary(a), ['REDUCE builtins.eval']);
    });

    it('does not rename under protocol 3 and later', () => {
      const { a } = analyse(
        pickle()
          .proto(3)
          .global('__builtin__', 'eval')
          .op('NONE')
          .op('TUPLE1')
          .op('REDUCE')
          .stop()
          .build(),
      );
      assert.deepEqual(globalNames(a), ['__builtin__.eval']);
      assert.equal(a.globals[0]?.protocol, 3);
    });
  });

  describe('when STACK_GLOBAL takes its operands from the memo', () => {
    it('still reports posix.system and marks the operands as memo-fetched', () => {
      const bytes = pickle()
        .proto(4)
        .str('posix')
        .put(0)
        .op('POP')
        .str('system')
        .put(1)
        .op('POP')
        .get(0)
        .get(1)
        .op('STACK_GLOBAL')
        .str('id')
        .op('TUPLE1')
        .op('REDUCE')
        .stop()
        .build();
      const { ok, a } = analyse(bytes);
      assert.equal(ok, true);
      assert.deepEqual(globalNames(a), ['posix.system']);
      assert.equal(a.globals[0]?.via, 'STACK_GLOBAL');
      assert.equal(a.globals[0]?.operandsFromMemo, true);
      assert.equal(a.calls[0]?.rendered, "posix.system('id')");
    });

    it('marks inline operands as not memo-fetched', () => {
      const { a } = analyse(
        pickle().proto(4).str('os').str('system').op('STACK_GLOBAL').stop().build(),
      );
      assert.equal(a.globals[0]?.operandsFromMemo, false);
    });

    it('accepts protocol 2 str operands (SHORT_BINSTRING), as Python 3 does', () => {
      const bytes = pickle()
        .proto(4)
        .op('SHORT_BINSTRING', 2, 0x6f, 0x73)
        .op('SHORT_BINSTRING', 6, ...latin1Bytes('system'))
        .op('STACK_GLOBAL')
        .stop()
        .build();
      assert.deepEqual(globalNames(analyse(bytes).a), ['os.system']);
    });
  });

  describe('when STACK_GLOBAL operands are not literal strings', () => {
    it('reports a computed name as PICKLE_DYNAMIC_GLOBAL and records it as dynamic', () => {
      const bytes = pickle()
        .proto(4)
        .call('builtins', 'str', (b) => b.str('os'))
        .str('system')
        .op('STACK_GLOBAL')
        .stop()
        .build();
      const { a, codes } = analyse(bytes);
      assert.ok(codes.includes('PICKLE_DYNAMIC_GLOBAL'));
      const dynamic = a.globals.find((g) => g.dynamic === true);
      assert.equal(dynamic?.module, "<builtins.str('os')>");
      assert.equal(dynamic?.name, 'system');
    });

    it('reports non-str literals as PICKLE_BAD_OPERANDS', () => {
      const { codes } = analyse(
        pickle().proto(4).int(1).str('x').op('STACK_GLOBAL').stop().build(),
      );
      assert.ok(codes.includes('PICKLE_BAD_OPERANDS'));
    });
  });

  describe('when INST or OBJ instantiate', () => {
    it('reports INST as an import and a call', () => {
      const { a } = analyse(latin1Bytes("(S'id'\nios\nsystem\n."));
      assert.deepEqual(
        a.globals.map((g) => g.via),
        ['INST'],
      );
      assert.deepEqual(callSummary(a), ['INST os.system']);
      assert.equal(a.calls[0]?.rendered, "os.system('id')");
    });

    it("reports OBJ's class taken from the stack", () => {
      const { a } = analyse(latin1Bytes("(cos\nsystem\nS'id'\no."));
      assert.deepEqual(callSummary(a), ['OBJ os.system']);
      assert.equal(a.calls[0]?.rendered, "os.system('id')");
    });
  });

  describe('when the callable is stored in the memo and fetched later', () => {
    it('resolves the callee through the memo', () => {
      const bytes = pickle()
        .proto(2)
        .global('os', 'system')
        .put(7)
        .op('POP')
        .op('EMPTY_LIST')
        .op('POP')
        .get(7)
        .str('id')
        .op('TUPLE1')
        .op('REDUCE')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a), ['REDUCE os.system']);
    });
  });

  describe('when the callable is the result of earlier calls', () => {
    it('resolves getattr(__import__("os"), "system") to os.system', () => {
      const bytes = pickle()
        .proto(2)
        .global('builtins', 'getattr')
        .op('MARK')
        .call('builtins', '__import__', (b) => b.str('os'))
        .str('system')
        .op('TUPLE')
        .op('REDUCE')
        .str('id')
        .op('TUPLE1')
        .op('REDUCE')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a), [
        'REDUCE builtins.__import__',
        'REDUCE builtins.getattr',
        'REDUCE os.system',
      ]);
      const last = a.calls[2];
      assert.equal(last?.rendered, "builtins.__import__('os').system('id')");
      assert.deepEqual(
        a.globals.map((g) => `${g.via} ${g.module}.${g.name}`),
        ['GLOBAL builtins.getattr', 'GLOBAL builtins.__import__', 'RESOLVED os.system'],
      );
      assert.deepEqual(last?.calleeGlobals, [{ module: 'builtins', name: '__import__' }]);
    });

    it('describes an unresolvable callee with the globals behind it', () => {
      const bytes = pickle()
        .proto(2)
        .call('functools', 'partial', (b) => b.global('os', 'system').str('id'))
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .stop()
        .build();
      const { a } = analyse(bytes);
      const last = a.calls[1];
      assert.equal(last?.callee, undefined);
      assert.equal(last?.rendered, "functools.partial(os.system, 'id')()");
      assert.deepEqual(
        last?.calleeGlobals.map((g) => g.name),
        ['partial', 'system'],
      );
    });
  });

  describe('when NEWOBJ and NEWOBJ_EX create objects', () => {
    it('reports them with their class', () => {
      const bytes = pickle()
        .proto(4)
        .global('subprocess', 'Popen')
        .str('id')
        .op('TUPLE1')
        .op('NEWOBJ')
        .global('subprocess', 'Popen')
        .op('EMPTY_TUPLE')
        .op('EMPTY_DICT')
        .str('shell')
        .op('NEWTRUE')
        .op('SETITEM')
        .op('NEWOBJ_EX')
        .op('TUPLE2')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a), ['NEWOBJ subprocess.Popen', 'NEWOBJ_EX subprocess.Popen']);
      assert.equal(a.calls[1]?.rendered, 'subprocess.Popen.__new__(shell=True)');
    });
  });

  describe('when BUILD sets state', () => {
    it('reports __setstate__ on the instance with its class', () => {
      const bytes = pickle()
        .proto(2)
        .global('collections', 'OrderedDict')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .op('EMPTY_DICT')
        .str('a')
        .int(1)
        .op('SETITEM')
        .op('BUILD')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a), [
        'REDUCE collections.OrderedDict',
        'BUILD collections.OrderedDict',
      ]);
      assert.equal(a.calls[1]?.rendered, "collections.OrderedDict().__setstate__({'a': 1})");
    });

    it('reports BUILD on a class object (setattr on a class)', () => {
      const bytes = pickle()
        .proto(2)
        .global('os', 'environ')
        .op('NONE')
        .op('EMPTY_DICT')
        .str('x')
        .int(1)
        .op('SETITEM')
        .op('TUPLE2')
        .op('BUILD')
        .stop()
        .build();
      assert.deepEqual(callSummary(analyse(bytes).a), ['BUILD os.environ']);
    });
  });

  describe('when container opcodes target objects', () => {
    it('reports APPEND/SETITEM on an instance as method calls', () => {
      const bytes = pickle()
        .proto(2)
        .global('evil', 'Sink')
        .op('EMPTY_TUPLE')
        .op('REDUCE')
        .str('x')
        .op('APPEND')
        .str('k')
        .str('v')
        .op('SETITEM')
        .op('MARK')
        .int(1)
        .op('ADDITEMS')
        .stop()
        .build();
      const { a } = analyse(bytes);
      assert.deepEqual(callSummary(a), [
        'REDUCE evil.Sink',
        'APPEND evil.Sink',
        'SETITEM evil.Sink',
        'ADDITEMS evil.Sink',
      ]);
      assert.equal(a.calls[1]?.rendered, "evil.Sink().append('x')");
      assert.equal(a.calls[2]?.rendered, "evil.Sink().__setitem__('k', 'v')");
    });

    it('does not report filling plain lists, dicts and sets', () => {
      const bytes = pickle()
        .proto(4)
        .op('EMPTY_LIST')
        .int(1)
        .op('APPEND')
        .op('EMPTY_DICT')
        .int(1)
        .int(2)
        .op('SETITEM')
        .op('EMPTY_SET')
        .op('MARK')
        .int(1)
        .op('ADDITEMS')
        .op('TUPLE3')
        .stop()
        .build();
      const { a, issues } = analyse(bytes);
      assert.deepEqual(a.calls, []);
      assert.deepEqual(issues, []);
    });
  });

  describe('when EXT1/EXT2/EXT4 use the extension registry', () => {
    it('records each code and offset, and flags codes <= 0', () => {
      const bytes = pickle()
        .proto(2)
        .op('EXT1', 5)
        .op('EXT2', ...le(0x1234, 2))
        .op('EXT4', ...le(0, 4))
        .op('TUPLE3')
        .stop()
        .build();
      const { a, codes } = analyse(bytes);
      assert.deepEqual(a.extensions, [
        { code: 5, offset: 2, pickleIndex: 0 },
        { code: 0x1234, offset: 4, pickleIndex: 0 },
        { code: 0, offset: 7, pickleIndex: 0 },
      ]);
      assert.deepEqual(codes, ['PICKLE_BAD_EXTENSION_CODE']);
    });

    it('renders a call of an extension', () => {
      const { a } = analyse(
        pickle().proto(2).op('EXT1', 9).str('id').op('TUPLE1').op('REDUCE').stop().build(),
      );
      assert.equal(a.calls[0]?.rendered, "<extension 9>('id')");
      assert.equal(a.calls[0]?.callee, undefined);
    });
  });

  describe('when persistent ids are used', () => {
    it('counts PERSID and BINPERSID', () => {
      const bytes = pickle()
        .proto(2)
        .line('PERSID', 'x')
        .str('y')
        .op('BINPERSID')
        .op('TUPLE2')
        .stop()
        .build();
      assert.equal(analyse(bytes).a.persistentIds, 2);
    });
  });

  describe('when the stack underflows or the memo lacks an entry', () => {
    it('reports issues and keeps decoding what follows', () => {
      const bytes = pickle()
        .proto(2)
        .op('POP')
        .op('REDUCE')
        .op('POP')
        .get(3)
        .op('POP')
        .global('os', 'system')
        .str('id')
        .op('TUPLE1')
        .op('REDUCE')
        .stop()
        .build();
      const { ok, a, codes } = analyse(bytes);
      assert.equal(ok, true);
      assert.ok(codes.includes('PICKLE_STACK_UNDERFLOW'));
      assert.ok(codes.includes('PICKLE_MEMO_MISSING'));
      assert.ok(callSummary(a).includes('REDUCE os.system'));
    });

    it('reports a mark-consuming opcode without MARK', () => {
      assert.ok(
        analyse(pickle().proto(2).op('NONE').op('TUPLE').stop().build()).codes.includes(
          'PICKLE_MARK_MISSING',
        ),
      );
    });

    it('lets POP remove an empty MARK like CPython', () => {
      const { issues } = analyse(pickle().proto(2).op('NONE').op('MARK').op('POP').stop().build());
      assert.deepEqual(issues, []);
    });
  });

  describe('when names or protocols are odd', () => {
    it('flags a module name with a carriage return', () => {
      assert.ok(analyse(latin1Bytes('cos\r\nsystem\n.')).codes.includes('PICKLE_BAD_GLOBAL_NAME'));
    });

    it('flags a protocol above 5', () => {
      assert.ok(
        analyse(pickle().proto(6).op('NONE').stop().build()).codes.includes(
          'PICKLE_UNSUPPORTED_PROTOCOL',
        ),
      );
    });

    it('flags unparseable text arguments and over-long strings', () => {
      assert.ok(analyse(latin1Bytes('Ixyz\n.')).codes.includes('PICKLE_BAD_TEXT_ARG'));
      const long = pickle().proto(4).str('x'.repeat(40)).stop().build();
      const { ok, codes } = analyse(long, { limits: makeLimits({ maxStringLength: 16 }) });
      assert.equal(ok, true);
      assert.deepEqual(codes, ['PICKLE_STRING_TRUNCATED']);
    });
  });
});
