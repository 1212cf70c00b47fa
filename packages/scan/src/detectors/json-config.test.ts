import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import type { Policy } from '../policy/types.ts';
import { NEUTRAL_POLICY, runDetector } from '../testing/run-detector.ts';
import type { CapturedReport } from '../testing/run-detector.ts';
import { jsonConfigDetector } from './json-config.ts';

/** `lambda x: __import__('os').system('id')`, marshalled by CPython 3.11 and base64-encoded as Keras does. */
const LAMBDA_OS_SYSTEM =
  '4wEAAAAAAAAAAAAAAAMAAAADAAAA80YAAACXAHQBAAAAAAAAAAAAAGQBpgEAAKsBAAAAAAAAAACg\n' +
  'AQAAAAAAAAAAAAAAAAAAAAAAAAAAZAKmAQAAqwEAAAAAAAAAAFMAKQNO2gJvc9oCaWQpAtoKX19p\n' +
  'bXBvcnRfX9oGc3lzdGVtqQHaAXhzAQAAACD6CDxzdHJpbmc++gg8bGFtYmRhPnIJAAAAAwAAAHMc\n' +
  'AAAAgACNapgU0Q4e1A4e1w4l0g4loGTRDivUDiuAAPMAAAAA\n';

type Json = Record<string, unknown>;
const layer = (className: string, config: Json, module = 'keras.layers'): Json => ({
  module,
  class_name: className,
  config,
  registered_name: null,
});
const fn = (module: string, name: string): Json => ({
  module,
  class_name: 'function',
  config: name,
  registered_name: 'function',
});
const model = (...layers: Json[]): Json => layer('Sequential', { name: 'seq', layers }, 'keras');

/** A policy that denies what a real denylist would, for the verdicts these tests need. */
const DENYING_POLICY: Policy = {
  classifyGlobal: (module, name) =>
    module === 'os' && name === 'system'
      ? { kind: 'dangerous', category: 'process-execution', reason: 'runs a shell command' }
      : { kind: 'unknown' },
  isAllowedConfigModule: (module) => NEUTRAL_POLICY.isAllowedConfigModule(module),
};

async function scan(
  content: unknown,
  options: { policy?: Policy; format?: 'json' | 'text' | 'unknown'; maxBytes?: number } = {},
): Promise<CapturedReport[]> {
  const bytes =
    content instanceof Uint8Array
      ? content
      : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
  const { reports } = await runDetector(jsonConfigDetector, bytes, {
    format: options.format ?? 'json',
    policy: options.policy ?? NEUTRAL_POLICY,
    ...(options.maxBytes === undefined
      ? {}
      : { limits: makeLimits({ maxBytes: options.maxBytes }) }),
  });
  return reports;
}

const summary = (reports: readonly CapturedReport[]): string[] =>
  reports.map((r) => `${r.ruleId} ${r.severity ?? 'default'} ${r.pointer ?? ''}`);

describe('jsonConfigDetector', () => {
  describe('when config.json holds a Lambda layer with marshalled bytecode', () => {
    it('reports keras/lambda-layer at the function, naming what the code uses', async () => {
      const lambda = layer('Lambda', {
        name: 'evil',
        function: {
          class_name: '__lambda__',
          config: { code: LAMBDA_OS_SYSTEM, defaults: null, closure: null },
        },
      });
      const reports = await scan(model(layer('Dense', { name: 'd', units: 1 }), lambda));
      assert.deepEqual(summary(reports), [
        'keras/lambda-layer default /config/layers/1/config/function',
      ]);
      const [report] = reports;
      assert.match(
        report?.message ?? '',
        /Lambda layer "evil" .* 207 bytes of marshalled Python bytecode/,
      );
      assert.match(String(report?.evidence?.['names']), /system/);
    });
  });

  describe('when a layer names a module outside Keras (CVE-2025-1550)', () => {
    const config = model(layer('Dense', { name: 'd', units: 1, activation: fn('os', 'system') }));

    it('reports keras/unsafe-module-reference at high when the policy knows nothing more', async () => {
      const reports = await scan(config);
      assert.deepEqual(summary(reports), [
        'keras/unsafe-module-reference default /config/layers/0/config/activation',
      ]);
      assert.match(reports[0]?.message ?? '', /names function os\.system/);
    });

    it('raises it to critical when the policy denies the global', async () => {
      const reports = await scan(config, { policy: DENYING_POLICY });
      assert.equal(reports[0]?.severity, 'critical');
      assert.equal(reports[0]?.evidence?.['reason'], 'process-execution: runs a shell command');
    });
  });

  describe('when the config calls abused functions inside Keras and TensorFlow', () => {
    it('reports get_file (CVE-2025-8747), load_model (CVE-2025-9906) and tf.io.write_file as critical', async () => {
      const reports = await scan(
        model(
          layer('Lambda', { name: 'a', function: fn('keras.utils', 'get_file') }),
          layer('Lambda', {
            name: 'b',
            function: fn('keras.models', 'load_model'),
            arguments: { safe_mode: false },
          }),
          { class_name: 'TFOpLambda', config: { name: 'w', function: 'io.write_file' } },
          { class_name: 'TFOpLambda', config: { name: 'add', function: 'math.add' } },
        ),
      );
      assert.deepEqual(summary(reports), [
        'keras/unsafe-module-reference critical /config/layers/0/config/function',
        'keras/unsafe-module-reference critical /config/layers/1/config/function',
        'keras/unsafe-module-reference critical /config/layers/2/config',
      ]);
      assert.match(reports[0]?.message ?? '', /CVE-2025-8747/);
    });
  });

  describe('when many layers name the same custom class', () => {
    it('reports it once with the number of places', async () => {
      const custom = (name: string): Json => layer('Backdoor', { name }, 'mylab.layers');
      const reports = await scan(model(custom('a'), custom('b'), custom('c')));
      assert.deepEqual(summary(reports), [
        'keras/unsafe-module-reference default /config/layers/0',
      ]);
      assert.equal(reports[0]?.evidence?.['occurrences'], 3);
      assert.match(reports[0]?.message ?? '', /\(3 places\)/);
    });
  });

  describe('when the pointer to a finding is very long', () => {
    it('clips it to 512 characters', async () => {
      const reports = await scan({
        module: 'keras',
        class_name: 'Model',
        config: { ['k'.repeat(2000)]: fn('os', 'system') },
      });
      assert.equal(reports[0]?.pointer?.length, 512);
      assert.ok(reports[0]?.pointer?.endsWith('…'));
    });
  });

  describe('when the config only uses Keras', () => {
    it('reports nothing', async () => {
      const dense = layer('Dense', {
        name: 'd',
        units: 1,
        kernel_initializer: layer('GlorotUniform', { seed: null }, 'keras.initializers'),
        activation: 'relu',
      });
      assert.deepEqual(await scan(model(dense)), []);
    });
  });

  describe('when the JSON is not a Keras config', () => {
    it('reports nothing for other JSON, malformed JSON without Keras keys, or text', async () => {
      assert.deepEqual(await scan({ architectures: ['BertModel'], model_type: 'bert' }), []);
      assert.deepEqual(await scan('{"a": [1, 2'), []);
      assert.deepEqual(await scan('[{"class_name": "Dense", "config": {}}]'), []);
      assert.deepEqual(await scan('plain text, not JSON', { format: 'text' }), []);
      // A tsconfig.json with comments: not JSON, and its "module" is not Keras's.
      const tsconfig =
        '{\n  "compilerOptions": {\n    // "incremental": true,\n    "module": "node16"\n  }\n}\n';
      assert.deepEqual(await scan(tsconfig, { format: 'json' }), []);
    });
  });

  describe('when JSON that looks like Keras cannot be parsed', () => {
    it('reports keras/unparseable', async () => {
      const reports = await scan('{"class_name": "Sequential", "config": {"layers": [}');
      assert.deepEqual(summary(reports), ['keras/unparseable default ']);
      assert.equal(reports[0]?.evidence?.['code'], 'KERAS_JSON_SYNTAX');
    });
  });

  describe('when the config is encoded as Python json.loads accepts', () => {
    it('finds it in UTF-16 with a BOM, which content sniffing calls unknown', async () => {
      const text = JSON.stringify(model(layer('Dense', { activation: fn('os', 'system') })));
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const reports = await scan(bytes, { format: 'unknown' });
      assert.deepEqual(summary(reports), [
        'keras/unsafe-module-reference default /config/layers/0/config/activation',
      ]);
    });

    it('accepts NaN, as json.dumps writes it', async () => {
      const text = `{"module": "keras", "class_name": "Sequential", "config": {"x": NaN, "f": ${JSON.stringify(fn('os', 'system'))}}}`;
      assert.equal((await scan(text)).length, 1);
    });
  });

  describe('when the document is larger than the limit', () => {
    it('reports keras/unparseable if it looks like Keras, and nothing otherwise', async () => {
      const padding = 'x'.repeat(4096);
      const keras = JSON.stringify({
        module: 'keras',
        class_name: 'Sequential',
        config: { padding },
      });
      const other = JSON.stringify({ padding });
      assert.deepEqual(summary(await scan(keras, { maxBytes: 1024 })), [
        'keras/unparseable default ',
      ]);
      assert.deepEqual(await scan(other, { maxBytes: 1024 }), []);
    });
  });
});
