import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkBudget } from './budget.ts';
import { RENDER_LIMIT, renderMethodCall, renderValue } from './render.ts';
import { collectGlobals } from './resolve.ts';
import { analyse } from './testing/analyse-helpers.ts';
import { pickle } from './testing/pickle-builder.ts';
import { NONE, container, intValue, strValue } from './values.ts';
import type { PickleValue } from './values.ts';

const os = { kind: 'global', module: 'posix', name: 'system' } as const;

describe('renderValue', () => {
  describe('when values are plain', () => {
    it('renders Python-like text', () => {
      const args = container('tuple', [
        strValue("it's"),
        intValue(3),
        NONE,
        { kind: 'bytes', value: Uint8Array.from([0x41, 0]), bytearray: false },
      ]);
      const call: PickleValue = {
        kind: 'call',
        opcode: 'REDUCE',
        callee: os,
        args,
        kwargs: undefined,
        offset: 0,
        states: [],
        methods: undefined,
      };
      assert.equal(renderValue(call), "posix.system('it\\'s', 3, None, b'A\\u0000')");
      assert.equal(renderValue(container('tuple', [intValue(1)])), '(1,)');
      assert.equal(
        renderValue(container('dict', [strValue('k'), container('set')])),
        "{'k': set()}",
      );
      assert.equal(renderValue({ kind: 'float', value: -Infinity }), "float('-infinity')");
    });

    it('escapes control characters and cuts long strings', () => {
      const text = renderValue(strValue(`a\nb\u202e${'x'.repeat(500)}`));
      assert.ok(text.startsWith("'a\\nb\\u202e"));
      assert.ok(text.length < 80);
      assert.ok(text.includes('…'));
    });
  });

  describe('when a value contains itself', () => {
    it('terminates and marks the cycle', () => {
      const list = container('list');
      list.items.push(list, intValue(1));
      assert.equal(renderValue(list), '[…, 1]');
    });
  });

  describe('when a structure is exponentially shared or deep', () => {
    it('stays within RENDER_LIMIT and finishes quickly', () => {
      let v: PickleValue = strValue('x'.repeat(50));
      for (let i = 0; i < 60; i++) v = container('list', [v, v, v, v, v, v, v, v]);
      let deep: PickleValue = NONE;
      for (let i = 0; i < 100_000; i++) deep = container('tuple', [deep]);
      const started = performance.now();
      assert.ok(renderValue(v).length <= RENDER_LIMIT);
      assert.ok(renderValue(deep).length <= RENDER_LIMIT);
      assert.ok(performance.now() - started < 200);
    });
  });

  describe('when the evidence budget is spent', () => {
    it('renders … and collects nothing more', () => {
      const budget = new WorkBudget(2);
      const call = container('tuple', [os, os, os]);
      assert.equal(renderValue(call, RENDER_LIMIT, budget), '(posix.system, …, …)');
      assert.equal(budget.exhausted, true);
      assert.deepEqual(collectGlobals(os, 16, budget), [{ module: 'posix', name: 'system' }]);
      assert.deepEqual(collectGlobals(container('list', [os]), 16, budget), []);
    });
  });

  describe('renderMethodCall', () => {
    it('renders target.method(args)', () => {
      assert.equal(
        renderMethodCall(os, '__setstate__', [container('dict')]),
        'posix.system.__setstate__({})',
      );
    });
  });
});

describe('analysePickle on recursive pickles', () => {
  it('handles a list that appends itself and is passed to a call', () => {
    const bytes = pickle()
      .proto(2)
      .op('EMPTY_LIST')
      .put(0)
      .get(0)
      .op('APPEND')
      .global('os', 'system')
      .get(0)
      .op('TUPLE1')
      .op('REDUCE')
      .stop()
      .build();
    const { ok, a } = analyse(bytes);
    assert.equal(ok, true);
    assert.equal(a.calls[0]?.rendered, 'os.system([…])');
  });

  it('handles BUILD whose state is the object itself', () => {
    const bytes = pickle()
      .proto(2)
      .global('evil', 'Thing')
      .op('EMPTY_TUPLE')
      .op('REDUCE')
      .put(0)
      .get(0)
      .op('BUILD')
      .stop()
      .build();
    const { ok, a } = analyse(bytes);
    assert.equal(ok, true);
    assert.equal(a.calls[1]?.rendered, 'evil.Thing().__setstate__(evil.Thing())');
  });

  it('handles 5 000 nested lists passed to a call', () => {
    const p = pickle().proto(4).global('os', 'system');
    for (let i = 0; i < 5_000; i++) p.op('MARK');
    for (let i = 0; i < 5_000; i++) p.op('LIST');
    const { ok, a } = analyse(p.op('TUPLE1').op('REDUCE').stop().build());
    assert.equal(ok, true);
    assert.match(a.calls[0]?.rendered ?? '', /^os\.system\(\[+…\]+\)$/);
  });

  it('resolves a short getattr chain to a dotted name', () => {
    const p = pickle()
      .proto(4)
      .global('builtins', 'getattr')
      .put(0)
      .op('POP')
      .global('os', 'path')
      .put(1)
      .op('POP');
    for (let i = 0; i < 2; i++) p.get(0).get(1).str('a').op('TUPLE2').op('REDUCE').put(1).op('POP');
    const { a } = analyse(p.get(1).op('EMPTY_TUPLE').op('REDUCE').stop().build());
    assert.deepEqual(a.calls.at(-1)?.callee, { module: 'os', name: 'path.a.a' });
    assert.equal(a.calls.at(-1)?.rendered, 'os.path.a.a()');
  });

  it('handles a 1 000-deep getattr chain', () => {
    const p = pickle()
      .proto(4)
      .global('builtins', 'getattr')
      .put(0)
      .op('POP')
      .global('os', 'path')
      .put(1)
      .op('POP');
    for (let i = 0; i < 1_000; i++)
      p.get(0).get(1).str('a').op('TUPLE2').op('REDUCE').put(1).op('POP');
    p.get(1).op('EMPTY_TUPLE').op('REDUCE');
    const started = performance.now();
    const { ok, a } = analyse(p.stop().build());
    assert.equal(ok, true);
    const last = a.calls.at(-1);
    assert.equal(last?.callee, undefined); // too deep to resolve: reported as unknown, not guessed
    assert.ok((last?.rendered.length ?? 0) <= RENDER_LIMIT);
    assert.ok(performance.now() - started < 3000);
  });

  it('stays fast when a call on a large structure is repeated 20 000 times', () => {
    const p = pickle().proto(4).global('builtins', 'print').put(0).op('POP').op('EMPTY_LIST');
    for (let i = 0; i < 300; i++) p.op('EMPTY_LIST').str(`item ${i}`).op('APPEND').op('APPEND');
    p.put(1).op('POP');
    for (let i = 0; i < 20_000; i++) p.get(0).get(1).op('TUPLE1').op('REDUCE').op('POP');
    const started = performance.now();
    const { ok, a } = analyse(p.op('NONE').stop().build());
    assert.equal(ok, true);
    assert.equal(a.calls.length + a.callsDropped, 20_000);
    assert.ok(performance.now() - started < 5000);
  });
});
