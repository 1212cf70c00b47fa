import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { analyseKerasConfig } from './analyse-config.ts';
import { parseKerasConfig } from './parse-config.ts';
import {
  LAMBDA_OS_SYSTEM,
  keras2Lambda,
  keras2Sequential,
  keras3Function,
  keras3Lambda,
  keras3Layer,
  keras3Model,
} from './testing/configs.ts';

const SAMPLE = JSON.stringify(
  keras3Model([
    keras3Lambda('l', LAMBDA_OS_SYSTEM),
    keras3Layer('Dense', { name: 'd', units: 1, activation: keras3Function('os', 'system') }),
  ]),
);

/** Parse then analyse, as the detectors do; must never throw. */
function check(input: Uint8Array, limits: Limits): ParseResult<unknown> {
  const parsed = parseKerasConfig(input, limits);
  return parsed.ok ? analyseKerasConfig(parsed.value, limits) : parsed;
}

describe('Keras config parsing and analysis on malformed input', () => {
  runMalformedSuite({
    name: 'parseKerasConfig + analyseKerasConfig',
    parse: check,
    samples: [{ name: 'Keras 3 lambda', bytes: new TextEncoder().encode(SAMPLE) }],
    emptyCode: 'KERAS_JSON_SYNTAX',
    truncation: 'fail',
    flips: { rounds: 3000, maxFlips: 3, seed: 0xc0ffee },
  });

  describe('when nesting is deep', () => {
    it('stops the parser at 1000 levels', () => {
      const parsed = parseKerasConfig(
        `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
        DEFAULT_LIMITS,
      );
      assert.equal(parsed.issues[0]?.code, 'KERAS_JSON_TOO_DEEP');
    });

    it('stops the walker on a deep value built in memory, keeping what it found', () => {
      let deep: unknown = keras3Lambda('bottom', LAMBDA_OS_SYSTEM);
      for (let i = 0; i < 5000; i++) deep = { config: deep };
      const result = analyseKerasConfig(
        { layers: [keras3Lambda('top', LAMBDA_OS_SYSTEM), deep] },
        DEFAULT_LIMITS,
      );
      assert.equal(result.ok, false);
      assert.equal(result.issues[0]?.code, 'KERAS_CONFIG_TOO_DEEP');
      assert.equal(result.ok ? 0 : result.partial?.lambdas.length, 1);
    });
  });

  describe('when arrays are huge', () => {
    it('walks a million-element array within the limits', () => {
      const config = keras2Sequential([
        { class_name: 'Normalization', config: { mean: new Array<number>(1_000_000).fill(0.5) } },
      ]);
      const result = analyseKerasConfig(config, DEFAULT_LIMITS);
      assert.ok(result.ok);
      assert.ok(result.value.nodes > 1_000_000);
    });

    it('stops at maxOps values with KERAS_CONFIG_TOO_LARGE (and the parser with KERAS_JSON_TOO_LARGE)', () => {
      const limits = makeLimits({ maxOps: 1000 });
      const result = analyseKerasConfig({ big: new Array<number>(5000).fill(1) }, limits);
      assert.equal(result.issues[0]?.code, 'KERAS_CONFIG_TOO_LARGE');
      assert.equal(
        parseKerasConfig(JSON.stringify(new Array<number>(5000).fill(1)), limits).issues[0]?.code,
        'KERAS_JSON_TOO_LARGE',
      );
    });
  });

  describe('when keys aim at prototypes', () => {
    it('neither pollutes Object.prototype nor misses a lambda hidden under such a key', () => {
      const text = `{"__proto__": {"polluted": true, "x": ${JSON.stringify(keras2Lambda('p', LAMBDA_OS_SYSTEM))}}, "constructor": {"prototype": {"polluted": true}}}`;
      const parsed = parseKerasConfig(text, DEFAULT_LIMITS);
      assert.ok(parsed.ok);
      const result = analyseKerasConfig(parsed.value, DEFAULT_LIMITS);
      assert.ok(result.ok);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(result.value.lambdas[0]?.pointer, '/__proto__/x/config');
    });

    it('reads only own keys of values built with JSON.parse', () => {
      const value: unknown = JSON.parse(
        `{"__proto__": ${JSON.stringify(keras3Lambda('q', LAMBDA_OS_SYSTEM))}}`,
      );
      const result = analyseKerasConfig(value, DEFAULT_LIMITS);
      assert.ok(result.ok);
      assert.equal(result.value.lambdas[0]?.pointer, '/__proto__/config/function');
    });
  });

  describe('when lambda code is not valid base64', () => {
    it('still reports the lambda, marking the code invalid', () => {
      const result = analyseKerasConfig(
        keras2Sequential([keras2Lambda('bad', '!!!not base64***')]),
        DEFAULT_LIMITS,
      );
      assert.ok(result.ok);
      assert.equal(result.value.lambdas[0]?.base64Valid, false);
      assert.equal(result.value.lambdas[0]?.looksLikeCode, false);
    });
  });
});
