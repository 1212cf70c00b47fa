import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { pointerOf } from '../json/index.ts';
import { analyseKerasConfig } from './analyse-config.ts';
import { looksLikeKerasConfig, parseKerasConfig } from './parse-config.ts';
import {
  LAMBDA_DOUBLE,
  LAMBDA_OS_SYSTEM,
  keras2Dense,
  keras2Lambda,
  keras2Sequential,
  keras3Function,
  keras3Lambda,
  keras3Layer,
  keras3Model,
} from './testing/configs.ts';
import type { KerasConfigAnalysis } from './types.ts';

function analyse(config: unknown): KerasConfigAnalysis {
  const result = analyseKerasConfig(config, DEFAULT_LIMITS);
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

describe('analyseKerasConfig', () => {
  describe('when a Keras 2 model_config holds a Lambda layer', () => {
    const config = keras2Sequential([keras2Dense('dense'), keras2Lambda('evil', LAMBDA_OS_SYSTEM)]);

    it('returns the lambda with its pointer, layer name, code size and names', () => {
      const [lambda, ...rest] = analyse(config).lambdas;
      assert.equal(rest.length, 0);
      assert.equal(lambda?.pointer, '/config/layers/1/config');
      assert.equal(lambda?.style, 'keras2');
      assert.equal(lambda?.field, 'function');
      assert.equal(lambda?.layerName, 'evil');
      assert.equal(lambda?.codeBytes, 207);
      assert.equal(lambda?.base64Valid, true);
      assert.equal(lambda?.looksLikeCode, true);
      assert.ok(lambda?.strings.includes('system'));
    });

    it('lists the function_type values', () => {
      assert.deepEqual(analyse(config).functionTypes, [
        { pointer: '/config/layers/1/config/function_type', value: 'lambda' },
        { pointer: '/config/layers/1/config/output_shape_type', value: 'raw' },
      ]);
    });

    it('also finds a marshalled output_shape function', () => {
      const layer = keras2Lambda('shape', LAMBDA_DOUBLE);
      Object.assign(layer['config'] as object, {
        output_shape: [LAMBDA_OS_SYSTEM, null, null],
        output_shape_type: 'lambda',
      });
      assert.deepEqual(
        analyse(keras2Sequential([layer])).lambdas.map((l) => l.field),
        ['function', 'output_shape'],
      );
    });
  });

  describe('when a Keras 2 Lambda names a function', () => {
    it('returns a function reference with its module', () => {
      const layer = keras2Lambda('fn', LAMBDA_DOUBLE);
      Object.assign(layer['config'] as object, {
        function: 'system',
        function_type: 'function',
        module: 'os',
      });
      const refs = analyse(keras2Sequential([layer])).references.filter(
        (r) => r.kind === 'function',
      );
      assert.deepEqual(refs, [
        {
          pointer: '/config/layers/0/config/function',
          kind: 'function',
          module: 'os',
          name: 'system',
        },
      ]);
    });
  });

  describe('when a Keras 3 config.json holds a __lambda__, nested inside another model', () => {
    it('finds it wherever it is, with the enclosing layer name', () => {
      const inner = keras3Layer(
        'Sequential',
        { name: 'inner', layers: [keras3Lambda('deep', LAMBDA_OS_SYSTEM)] },
        'keras',
      );
      const { lambdas } = analyse(
        keras3Model([keras3Layer('Dense', { name: 'd', units: 1 }), inner]),
      );
      assert.equal(lambdas.length, 1);
      assert.equal(lambdas[0]?.pointer, '/config/layers/1/config/layers/0/config/function');
      assert.equal(lambdas[0]?.style, 'keras3');
      assert.equal(lambdas[0]?.layerName, 'deep');
    });
  });

  describe('when objects name modules, classes and functions', () => {
    it('returns every reference with its pointer (CVE-2025-1550 and CVE-2025-9906 shapes)', () => {
      const dense = keras3Layer('Dense', {
        name: 'd',
        units: 1,
        activation: keras3Function('os', 'system'),
      });
      const lambda = keras3Layer('Lambda', {
        name: 'l',
        function: keras3Function('keras.models', 'load_model'),
      });
      const custom = {
        module: 'evil.layers',
        class_name: 'Backdoor',
        config: {},
        registered_name: 'evil>Backdoor',
      };
      const refs = analyse(keras3Model([dense, lambda, custom])).references;
      const key = (r: (typeof refs)[number]): string =>
        `${r.kind} ${r.module ?? '-'} ${r.name} ${r.pointer}`;
      assert.deepEqual(refs.map(key), [
        'class keras Sequential ',
        'class keras.layers Dense /config/layers/0',
        'function os system /config/layers/0/config/activation',
        'class keras.layers Lambda /config/layers/1',
        'function keras.models load_model /config/layers/1/config/function',
        'class evil.layers Backdoor /config/layers/2',
      ]);
      assert.equal(refs.at(-1)?.registeredName, 'evil>Backdoor');
    });

    it('returns the tf function a TFOpLambda layer calls', () => {
      const op = {
        class_name: 'TFOpLambda',
        config: { name: 'tf.io.write_file', function: 'io.write_file' },
      };
      const refs = analyse(keras2Sequential([op])).references.filter((r) => r.kind === 'tf-op');
      assert.deepEqual(refs, [
        {
          pointer: '/config/layers/0/config',
          kind: 'tf-op',
          module: 'tensorflow',
          name: 'io.write_file',
        },
      ]);
    });
  });

  describe('when keys need escaping in a JSON pointer', () => {
    it('escapes ~ and / (RFC 6901)', () => {
      assert.equal(pointerOf('/a', 'b/c~d'), '/a/b~1c~0d');
      const { lambdas } = analyse({
        'x/y': { class_name: '__lambda__', config: { code: LAMBDA_DOUBLE } },
      });
      assert.equal(lambdas[0]?.pointer, '/x~1y');
    });
  });

  describe('when given text', () => {
    it('parses and recognises Keras configs', () => {
      const parsed = parseKerasConfig(JSON.stringify(keras3Model([])), DEFAULT_LIMITS);
      assert.ok(parsed.ok);
      assert.equal(looksLikeKerasConfig(parsed.value), true);
      assert.equal(looksLikeKerasConfig({ architectures: ['Bert'] }), false);
      assert.equal(looksLikeKerasConfig([]), false);
    });
  });
});
