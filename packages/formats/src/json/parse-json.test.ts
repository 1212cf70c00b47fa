import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParseResult } from '@mlsec/core';
import { PYTHON_JSON_LOADS } from './options.ts';
import type { JsonParseOptions } from './options.ts';
import { parseJson } from './parse-json.ts';
import type { JsonValue } from './types.ts';

const STRICT: JsonParseOptions = { maxDepth: 8, maxEntries: 100, maxStringLength: 1000 };
const PYTHON: JsonParseOptions = { ...PYTHON_JSON_LOADS, maxDepth: 100, maxValues: 10_000 };

function valueOf(result: ParseResult<JsonValue>): JsonValue | undefined {
  return result.ok ? result.value : undefined;
}

function parsed(text: string, options: JsonParseOptions): JsonValue {
  const result = parseJson(text, options);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

describe('parseJson', () => {
  describe('when the input is ordinary JSON', () => {
    it('returns the same value as JSON.parse, in either dialect', () => {
      const text =
        '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n\\"\\/"],"b":{"c":"x\\u0041"},"d":[]}  ';
      for (const options of [STRICT, PYTHON]) {
        const result = parseJson(text, options);
        assert.deepEqual(result.issues, []);
        assert.deepEqual(JSON.stringify(valueOf(result)), JSON.stringify(JSON.parse(text)));
      }
    });

    it('builds objects without a prototype', () => {
      assert.equal(Object.getPrototypeOf(parsed('{"a":{}}', STRICT)), null);
    });
  });

  describe('when a key could pollute prototypes', () => {
    const text = '{"__proto__":{"x":1},"constructor":1,"prototype":2,"ok":3}';

    it('by default reports __proto__, constructor and prototype and drops them', () => {
      const result = parseJson(text, STRICT);
      assert.deepEqual(
        result.issues.map((i) => [i.code, i.fatal]),
        [
          ['JSON_FORBIDDEN_KEY', undefined],
          ['JSON_FORBIDDEN_KEY', undefined],
          ['JSON_FORBIDDEN_KEY', undefined],
        ],
      );
      assert.deepEqual(Object.keys(valueOf(result) as object), ['ok']);
      assert.equal(({} as Record<string, unknown>)['x'], undefined);
    });

    it('keeps them as plain data on null-prototype objects when asked to (as Python sees them)', () => {
      const value = parsed(
        '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 2}}}',
        PYTHON,
      ) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(value), null);
      assert.deepEqual(Object.keys(value), ['__proto__', 'constructor']);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal((value['__proto__'] as Record<string, unknown>)['polluted'], 1);
    });

    it('fails on the first such key at any depth when asked to, naming its JSON pointer', () => {
      const result = parseJson('{"a": [{"b/c": {"constructor": {"prototype": {}}}}]}', {
        maxDepth: 10,
        unsafeKeys: 'fail',
      });
      assert.equal(result.ok, false);
      assert.equal(result.issues[0]?.code, 'JSON_FORBIDDEN_KEY');
      assert.equal(result.issues[0]?.fatal, true);
      assert.match(result.issues[0]?.message ?? '', /\/a\/0\/b~1c\/constructor/);
    });

    it('applies only to the unsafe key names given', () => {
      const options: JsonParseOptions = {
        maxDepth: 4,
        unsafeKeys: 'fail',
        unsafeKeyNames: ['__proto__'],
      };
      assert.equal(parseJson('{"prototype": 1, "constructor": 2}', options).ok, true);
      assert.equal(parseJson('{"__proto__": 1}', options).ok, false);
    });
  });

  describe('when a key repeats', () => {
    it('by default reports the duplicate and keeps the first value', () => {
      const result = parseJson('{"a":1,"a":2}', STRICT);
      assert.equal(result.issues[0]?.code, 'JSON_DUPLICATE_KEY');
      assert.equal((valueOf(result) as Record<string, number>)['a'], 1);
    });

    it('keeps the last value silently when asked to, as a Python dict does', () => {
      const result = parseJson('{"class_name": "Dense", "class_name": "Lambda"}', PYTHON);
      assert.deepEqual(result.issues, []);
      assert.deepEqual({ ...(valueOf(result) as object) }, { class_name: 'Lambda' });
    });
  });

  describe('when the text holds NaN or Infinity', () => {
    it('rejects them by default', () => {
      assert.equal(parseJson('NaN', STRICT).issues.at(-1)?.code, 'JSON_SYNTAX');
      assert.equal(parseJson('[-Infinity]', STRICT).ok, false);
    });

    it('reads them as numbers in the Python dialect', () => {
      const value = parsed('[NaN, Infinity, -Infinity]', PYTHON) as number[];
      assert.ok(Number.isNaN(value[0]));
      assert.equal(value[1], Number.POSITIVE_INFINITY);
      assert.equal(value[2], Number.NEGATIVE_INFINITY);
    });

    it('reads them as null with one warning when asked to, leaving strings alone', () => {
      const result = parseJson('{"a": NaN, "b": -Infinity, "c": "NaN \\" Infinity"}', {
        maxDepth: 4,
        nonFinite: 'null',
      });
      assert.deepEqual(
        { ...(valueOf(result) as object) },
        { a: null, b: null, c: 'NaN " Infinity' },
      );
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['JSON_NON_FINITE_NUMBER'],
      );
    });
  });

  describe('when the text starts with a byte order mark', () => {
    it('skips it only when allowed', () => {
      assert.equal(parseJson('\uFEFF{}', { maxDepth: 1, allowBom: true }).ok, true);
      assert.equal(parseJson('\uFEFF{}', { maxDepth: 1 }).issues[0]?.code, 'JSON_SYNTAX');
    });
  });

  describe('when a limit is exceeded', () => {
    it('reports nesting deeper than maxDepth', () => {
      const result = parseJson('[[[[1]]]]', { ...STRICT, maxDepth: 3 });
      assert.equal(valueOf(result), undefined);
      assert.equal(result.issues[0]?.code, 'JSON_TOO_DEEP');
      assert.equal(result.issues[0]?.fatal, true);
    });

    it('reports deep nesting without overflowing the stack', () => {
      assert.equal(parseJson('['.repeat(200_000), PYTHON).issues[0]?.code, 'JSON_TOO_DEEP');
      const huge = parseJson('['.repeat(1_000_000), { maxDepth: 1_000_000 });
      assert.equal(huge.issues[0]?.code, 'JSON_TOO_DEEP');
    });

    it('reports too many entries in one container', () => {
      assert.equal(
        parseJson('[1,2,3]', { ...STRICT, maxEntries: 2 }).issues[0]?.code,
        'JSON_TOO_MANY_ENTRIES',
      );
      assert.equal(
        parseJson('{"a":1,"b":2,"c":3}', { ...STRICT, maxEntries: 2 }).issues[0]?.code,
        'JSON_TOO_MANY_ENTRIES',
      );
    });

    it('reports too many values in the document', () => {
      assert.equal(
        parseJson('[1, 2, 3, 4]', { maxDepth: 10, maxValues: 3 }).issues[0]?.code,
        'JSON_TOO_MANY_VALUES',
      );
      assert.equal(
        parseJson(`[${'0,'.repeat(20_000)}0]`, PYTHON).issues[0]?.code,
        'JSON_TOO_MANY_VALUES',
      );
    });

    it('reports a string longer than maxStringLength', () => {
      const long = parseJson(`"${'a'.repeat(20)}"`, { ...STRICT, maxStringLength: 10 });
      assert.equal(long.issues[0]?.code, 'JSON_STRING_TOO_LONG');
    });
  });

  describe('when the syntax is wrong', () => {
    for (const [text, code] of [
      ['', 'JSON_TRUNCATED'],
      ['{"a":1', 'JSON_SYNTAX'],
      ['{"a":1} x', 'JSON_TRAILING_CHARACTERS'],
      ['1 2', 'JSON_TRAILING_CHARACTERS'],
      ['"abc', 'JSON_UNTERMINATED_STRING'],
      ['"\\q"', 'JSON_BAD_ESCAPE'],
      ['"\\x41"', 'JSON_BAD_ESCAPE'],
      ['"a\u0001"', 'JSON_CONTROL_CHARACTER'],
      ['{a:1}', 'JSON_SYNTAX'],
      ["{'a': 1}", 'JSON_SYNTAX'],
      ['{"a" 1}', 'JSON_SYNTAX'],
      ['01', 'JSON_TRAILING_CHARACTERS'],
      ['{"a": 01}', 'JSON_SYNTAX'],
      ['[1,]', 'JSON_SYNTAX'],
      ['{"a":1,}', 'JSON_SYNTAX'],
      ['{', 'JSON_SYNTAX'],
      ['nan', 'JSON_SYNTAX'],
      ['-', 'JSON_SYNTAX'],
    ] as const) {
      it(`reports ${code} for ${JSON.stringify(text)}, in either dialect`, () => {
        for (const options of [STRICT, PYTHON]) {
          const { issues } = parseJson(text, options);
          assert.equal(issues.at(-1)?.code, code);
          assert.equal(issues.at(-1)?.fatal, true);
        }
      });
    }
  });

  describe('when codes are renamed', () => {
    it('reports the caller’s codes, `other` standing for the rest', () => {
      const codes = { JSON_TOO_DEEP: 'X_DEEP', other: 'X_SYNTAX' };
      assert.equal(parseJson('[[1]]', { maxDepth: 1, codes }).issues[0]?.code, 'X_DEEP');
      assert.equal(parseJson('[1,]', { maxDepth: 1, codes }).issues[0]?.code, 'X_SYNTAX');
    });
  });
});
