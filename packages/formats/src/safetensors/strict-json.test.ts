import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStrictJson } from './strict-json.ts';

const LIMITS = { maxDepth: 8, maxEntries: 100, maxStringLength: 1000 };

describe('parseStrictJson', () => {
  describe('when the input is ordinary JSON', () => {
    it('returns the same value as JSON.parse', () => {
      const text = '{"a":[1,-2.5e3,true,false,null],"b":{"c":"x\\u0041\\n\\"y"}}  ';
      const { value, issues } = parseStrictJson(text, LIMITS);
      assert.deepEqual(issues, []);
      assert.deepEqual(JSON.stringify(value), JSON.stringify(JSON.parse(text)));
    });
    it('builds objects without a prototype', () => {
      const { value } = parseStrictJson('{"a":{}}', LIMITS);
      assert.equal(Object.getPrototypeOf(value), null);
    });
  });

  describe('when a key could pollute prototypes', () => {
    it('reports __proto__, constructor and prototype and drops them', () => {
      const { value, issues } = parseStrictJson(
        '{"__proto__":{"x":1},"constructor":1,"prototype":2,"ok":3}',
        LIMITS,
      );
      assert.deepEqual(
        issues.map((i) => i.code),
        ['JSON_FORBIDDEN_KEY', 'JSON_FORBIDDEN_KEY', 'JSON_FORBIDDEN_KEY'],
      );
      assert.deepEqual(Object.keys(value as object), ['ok']);
      assert.equal(({} as Record<string, unknown>)['x'], undefined);
    });
  });

  describe('when a key repeats', () => {
    it('reports the duplicate and keeps the first value', () => {
      const { value, issues } = parseStrictJson('{"a":1,"a":2}', LIMITS);
      assert.equal(issues[0]?.code, 'JSON_DUPLICATE_KEY');
      assert.equal((value as Record<string, number>)['a'], 1);
    });
  });

  describe('when a limit is exceeded', () => {
    it('reports nesting deeper than maxDepth', () => {
      const { value, issues } = parseStrictJson('[[[[1]]]]', { ...LIMITS, maxDepth: 3 });
      assert.equal(value, undefined);
      assert.equal(issues[0]?.code, 'JSON_TOO_DEEP');
      assert.equal(issues[0]?.fatal, true);
    });
    it('reports too many entries', () => {
      const { issues } = parseStrictJson('[1,2,3]', { ...LIMITS, maxEntries: 2 });
      assert.equal(issues[0]?.code, 'JSON_TOO_MANY_ENTRIES');
    });
    it('reports a string longer than maxStringLength', () => {
      const { issues } = parseStrictJson(`"${'a'.repeat(20)}"`, { ...LIMITS, maxStringLength: 10 });
      assert.equal(issues[0]?.code, 'JSON_STRING_TOO_LONG');
    });
  });

  describe('when the syntax is wrong', () => {
    for (const [text, code] of [
      ['', 'JSON_TRUNCATED'],
      ['{"a":1', 'JSON_SYNTAX'],
      ['{"a":1} x', 'JSON_TRAILING_CHARACTERS'],
      ['"abc', 'JSON_UNTERMINATED_STRING'],
      ['"\\q"', 'JSON_BAD_ESCAPE'],
      ['"a\u0001"', 'JSON_CONTROL_CHARACTER'],
      ['{a:1}', 'JSON_SYNTAX'],
      ['01', 'JSON_TRAILING_CHARACTERS'],
      ['NaN', 'JSON_SYNTAX'],
    ] as const) {
      it(`reports ${code} for ${JSON.stringify(text)}`, () => {
        const { issues } = parseStrictJson(text, LIMITS);
        assert.equal(issues.at(-1)?.code, code);
        assert.equal(issues.at(-1)?.fatal, true);
      });
    }
  });
});
