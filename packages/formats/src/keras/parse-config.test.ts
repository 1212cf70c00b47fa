import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { KERAS_CONFIG_MAX_DEPTH } from './analyse-config.ts';
import { looksLikeKerasConfig, parseKerasConfig } from './parse-config.ts';

const LIMITS = makeLimits({ maxOps: 10_000 });

function parse(text: string): unknown {
  const result = parseKerasConfig(text, LIMITS);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

function code(text: string, limits: Limits = LIMITS): string | undefined {
  const result = parseKerasConfig(text, limits);
  assert.equal(result.ok, false, text);
  assert.ok(result.issues.every((i) => i.fatal));
  return result.issues[0]?.code;
}

describe('parseKerasConfig', () => {
  describe('when the text is JSON that JSON.parse accepts', () => {
    it('returns the same value', () => {
      const text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n\\"\\/"], "b": {}, "c": []}';
      assert.deepEqual(JSON.parse(JSON.stringify(parse(text))), JSON.parse(text));
    });

    it('decodes bytes as Python does (a UTF-8 BOM is skipped)', () => {
      const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"class_name": "X"}')]);
      const result = parseKerasConfig(bytes, LIMITS);
      assert.deepEqual(result.ok ? { ...(result.value as object) } : undefined, {
        class_name: 'X',
      });
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
      '\uFEFF{}',
    ]) {
      it(`reports KERAS_JSON_SYNTAX for ${JSON.stringify(bad)}`, () => {
        assert.equal(code(bad), 'KERAS_JSON_SYNTAX');
      });
    }
  });

  describe('when limits are reached', () => {
    it('reports KERAS_JSON_TOO_DEEP past KERAS_CONFIG_MAX_DEPTH without overflowing the stack', () => {
      const levels = KERAS_CONFIG_MAX_DEPTH + 1;
      assert.equal(code('['.repeat(levels) + ']'.repeat(levels)), 'KERAS_JSON_TOO_DEEP');
      assert.equal(code('['.repeat(200_000)), 'KERAS_JSON_TOO_DEEP');
    });

    it('reports KERAS_JSON_TOO_LARGE past limits.maxOps values', () => {
      assert.equal(code(`[${'0,'.repeat(20_000)}0]`), 'KERAS_JSON_TOO_LARGE');
    });
  });
});

describe('looksLikeKerasConfig', () => {
  it('recognises Keras 2 and Keras 3 configs by their own keys only', () => {
    assert.equal(looksLikeKerasConfig({ class_name: 'Sequential', config: {} }), true);
    assert.equal(looksLikeKerasConfig({ module: 'keras', class_name: 'Functional' }), true);
    assert.equal(looksLikeKerasConfig(JSON.parse('{"__proto__": {"module": "x"}}')), false);
    assert.equal(looksLikeKerasConfig([{ module: 'x' }]), false);
  });
});
