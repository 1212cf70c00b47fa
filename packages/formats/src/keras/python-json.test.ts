import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePythonJson } from './python-json.ts';

const LIMITS = { maxDepth: 100, maxNodes: 10_000 };

function parse(text: string): unknown {
  const result = parsePythonJson(text, LIMITS);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

function code(text: string, limits = LIMITS): string | undefined {
  const result = parsePythonJson(text, limits);
  assert.equal(result.ok, false, text);
  assert.ok(result.issues.every((i) => i.fatal));
  return result.issues[0]?.code;
}

describe('parsePythonJson', () => {
  describe('when the text is JSON that JSON.parse accepts', () => {
    it('returns the same value', () => {
      const text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n\\"\\/"], "b": {}, "c": []}';
      assert.deepEqual(JSON.parse(JSON.stringify(parse(text))), JSON.parse(text));
    });
  });

  describe('when the text uses what Python json.dumps writes beyond RFC 8259', () => {
    it('accepts NaN, Infinity and -Infinity', () => {
      const value = parse('[NaN, Infinity, -Infinity]') as number[];
      assert.ok(Number.isNaN(value[0]));
      assert.equal(value[1], Number.POSITIVE_INFINITY);
      assert.equal(value[2], Number.NEGATIVE_INFINITY);
    });
  });

  describe('when keys could reach a prototype', () => {
    it('keeps __proto__, constructor and prototype as plain data on null-prototype objects', () => {
      const value = parse(
        '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 2}}}',
      ) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(value), null);
      assert.deepEqual(Object.keys(value), ['__proto__', 'constructor']);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal((value['__proto__'] as Record<string, unknown>)['polluted'], 1);
    });
  });

  describe('when a key repeats', () => {
    it('keeps the last value, as a Python dict does', () => {
      assert.deepEqual(
        { ...(parse('{"class_name": "Dense", "class_name": "Lambda"}') as object) },
        { class_name: 'Lambda' },
      );
    });
  });

  describe('when the text is not JSON Python accepts', () => {
    for (const bad of [
      '',
      '{',
      '[1,]',
      '{"a":1,}',
      "{'a': 1}",
      '{"a": 01}',
      '"\u0001"',
      '"\\x41"',
      '1 2',
      'nan',
      '{"a" 1}',
      '-',
    ]) {
      it(`reports KERAS_JSON_SYNTAX for ${JSON.stringify(bad)}`, () => {
        assert.equal(code(bad), 'KERAS_JSON_SYNTAX');
      });
    }
  });

  describe('when limits are reached', () => {
    it('reports KERAS_JSON_TOO_DEEP past maxDepth without overflowing the stack', () => {
      assert.equal(code('['.repeat(101) + ']'.repeat(101)), 'KERAS_JSON_TOO_DEEP');
      assert.equal(code('['.repeat(200_000)), 'KERAS_JSON_TOO_DEEP');
    });

    it('reports KERAS_JSON_TOO_LARGE past maxNodes', () => {
      assert.equal(code(`[${'0,'.repeat(20_000)}0]`), 'KERAS_JSON_TOO_LARGE');
    });
  });
});
