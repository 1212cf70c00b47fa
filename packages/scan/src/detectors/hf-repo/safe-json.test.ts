import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonSafe } from './safe-json.ts';

const code = (text: string, limits?: Parameters<typeof parseJsonSafe>[1]): string | undefined =>
  parseJsonSafe(text, limits).issues[0]?.code;

/** The parsed value as plain objects (parseJsonSafe builds null-prototype ones), for deepEqual. */
const plain = (result: ReturnType<typeof parseJsonSafe>): unknown =>
  result.ok ? JSON.parse(JSON.stringify(result.value)) : undefined;

describe('parseJsonSafe', () => {
  describe('when the JSON is valid', () => {
    it('returns the value, in null-prototype objects', () => {
      const result = parseJsonSafe('\uFEFF{"a": [1, {"b": null}]}');
      assert.deepEqual(plain(result), { a: [1, { b: null }] });
      assert.equal(Object.getPrototypeOf(result.ok ? result.value : {}), null);
    });
  });

  describe('when keys could pollute prototypes', () => {
    it('fails on __proto__ or constructor at any depth, with a pointer', () => {
      assert.equal(code('{"__proto__": {"x": 1}}'), 'HF_JSON_FORBIDDEN_KEY');
      const nested = parseJsonSafe('{"a": [{"b/c": {"constructor": {"prototype": {}}}}]}');
      assert.equal(nested.ok, false);
      assert.match(nested.issues[0]?.message ?? '', /\/a\/0\/b~1c\/constructor/);
    });
  });

  describe('when Python wrote NaN or Infinity', () => {
    it('reads them as null with a non-fatal issue, but leaves strings alone', () => {
      const result = parseJsonSafe('{"a": NaN, "b": -Infinity, "c": "NaN \\" Infinity"}');
      assert.deepEqual(plain(result), {
        a: null,
        b: null,
        c: 'NaN " Infinity',
      });
      assert.equal(result.issues[0]?.code, 'HF_JSON_NONSTANDARD_NUMBER');
    });
  });

  describe('when the input is malformed or too big', () => {
    it('reports syntax errors, depth and value-count overruns', () => {
      assert.equal(code(''), 'HF_JSON_SYNTAX');
      assert.equal(code('{"a": '), 'HF_JSON_SYNTAX');
      assert.equal(code('[1] [2]'), 'HF_JSON_SYNTAX');
      assert.equal(code('['.repeat(300) + ']'.repeat(300)), 'HF_JSON_TOO_DEEP');
      assert.equal(code('[1, 2, 3, 4]', { maxDepth: 10, maxValues: 3 }), 'HF_JSON_TOO_MANY_VALUES');
    });
  });
});
