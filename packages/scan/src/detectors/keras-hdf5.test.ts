import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { NEUTRAL_POLICY, runDetector } from '../testing/run-detector.ts';
import type { CapturedReport } from '../testing/run-detector.ts';
import { kerasHdf5Detector } from './keras-hdf5.ts';

/** `lambda x: __import__('os').system('id')`, marshalled by CPython 3.11 and base64-encoded as Keras does. */
const LAMBDA_OS_SYSTEM =
  '4wEAAAAAAAAAAAAAAAMAAAADAAAA80YAAACXAHQBAAAAAAAAAAAAAGQBpgEAAKsBAAAAAAAAAACg\n' +
  'AQAAAAAAAAAAAAAAAAAAAAAAAAAAZAKmAQAAqwEAAAAAAAAAAFMAKQNO2gJvc9oCaWQpAtoKX19p\n' +
  'bXBvcnRfX9oGc3lzdGVtqQHaAXhzAQAAACD6CDxzdHJpbmc++gg8bGFtYmRhPnIJAAAAAwAAAHMc\n' +
  'AAAAgACNapgU0Q4e1A4e1w4l0g4loGTRDivUDiuAAPMAAAAA\n';

const le = (value: number, bytes: number): number[] =>
  Array.from({ length: bytes }, (_, i) => Math.floor(value / 256 ** i) % 256);
const pad8 = (b: number[]): number[] => [
  ...b,
  ...new Array<number>((8 - (b.length % 8)) % 8).fill(0),
];

/** A version 1 attribute message: a fixed-length string (or a 4-byte integer) with a scalar dataspace. */
function attributeMessage(name: string, value: string | number): number[] {
  const nameBytes = [...Buffer.from(`${name}\0`)];
  const data = typeof value === 'string' ? [...Buffer.from(value)] : le(value, 4);
  const datatype =
    typeof value === 'string'
      ? [0x13, 0, 0, 0, ...le(data.length, 4)] // string, null-terminated ASCII
      : [0x10, 0x08, 0, 0, 4, 0, 0, 0, 0, 0, 32, 0]; // signed 32-bit little-endian
  const dataspace = [1, 0, 0, 0, 0, 0, 0, 0]; // version 1, rank 0: scalar
  const body = [
    1,
    0,
    ...le(nameBytes.length, 2),
    ...le(datatype.length, 2),
    ...le(dataspace.length, 2),
  ];
  return pad8([...body, ...pad8(nameBytes), ...pad8(datatype), ...pad8(dataspace), ...data]);
}

/**
 * The smallest HDF5 file h5py would open: a version 0 superblock whose root group object header
 * (version 1) holds the given root attributes (HDF5 spec §II.A, §IV.A.1.a, §IV.A.2.m).
 */
function h5(attributes: Record<string, string | number>): Uint8Array {
  const messages = Object.entries(attributes).flatMap(([name, value]) => {
    const data = attributeMessage(name, value);
    return [...le(0x0c, 2), ...le(data.length, 2), 0, 0, 0, 0, ...data];
  });
  const root = 96;
  const header = [
    1,
    0,
    ...le(Object.keys(attributes).length, 2),
    1,
    0,
    0,
    0,
    ...le(messages.length, 4),
    0,
    0,
    0,
    0,
  ];
  const end = root + header.length + messages.length;
  const undef = new Array<number>(8).fill(0xff);
  const superblock = [
    ...[
      0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 8, 8, 0, 4, 0, 16, 0, 0, 0, 0,
      0,
    ],
    ...le(0, 8),
    ...undef,
    ...le(end, 8),
    ...undef, // base, free space, end of file, driver info
    ...le(0, 8),
    ...le(root, 8),
    ...new Array<number>(24).fill(0), // root symbol table entry
  ];
  return Uint8Array.from([...superblock, ...header, ...messages]);
}

const keras2Model = (...layers: unknown[]): string =>
  JSON.stringify({ class_name: 'Sequential', config: { name: 'sequential', layers } });
const dense = { class_name: 'Dense', config: { name: 'dense', units: 1, activation: 'relu' } };
const lambda = {
  class_name: 'Lambda',
  config: {
    name: 'lambda',
    function: [LAMBDA_OS_SYSTEM, null, null],
    function_type: 'lambda',
    module: '__main__',
    output_shape: null,
    output_shape_type: 'raw',
    arguments: {},
  },
};

async function scan(bytes: Uint8Array, limits?: Limits): Promise<CapturedReport[]> {
  const { reports } = await runDetector(kerasHdf5Detector, bytes, {
    format: 'hdf5',
    policy: NEUTRAL_POLICY,
    ...(limits ? { limits } : {}),
  });
  return reports;
}

const summary = (reports: readonly CapturedReport[]): string[] =>
  reports.map((r) =>
    `${r.ruleId} ${r.pointer ?? ''} ${String(r.evidence?.['attribute'] ?? '')}`.trim(),
  );

describe('kerasHdf5Detector', () => {
  describe('when model_config holds a Keras 2 Lambda layer', () => {
    it('reports keras/lambda-layer with the layer, the pointer and the attribute', async () => {
      const reports = await scan(
        h5({ model_config: keras2Model(dense, lambda), keras_version: '2.11.0' }),
      );
      assert.deepEqual(summary(reports), [
        'keras/lambda-layer /config/layers/1/config model_config',
      ]);
      assert.match(
        reports[0]?.message ?? '',
        /Lambda layer "lambda" in the model_config attribute carries 207 bytes/,
      );
      assert.match(String(reports[0]?.evidence?.['names']), /__import__.*system/);
    });
  });

  describe('when training_config names code outside Keras', () => {
    it('reports keras/unsafe-module-reference on that attribute', async () => {
      const training = JSON.stringify({
        loss: {
          module: 'mylab.losses',
          class_name: 'function',
          config: 'focal',
          registered_name: null,
        },
      });
      const reports = await scan(
        h5({ model_config: keras2Model(dense), training_config: training }),
      );
      assert.deepEqual(summary(reports), ['keras/unsafe-module-reference /loss training_config']);
    });
  });

  describe('when model_config and training_config hold the same construct at the same pointer', () => {
    it('reports both, with distinct fingerprint keys', async () => {
      const config = keras2Model(lambda);
      const reports = await scan(h5({ model_config: config, training_config: config }));
      assert.deepEqual(summary(reports), [
        'keras/lambda-layer /config/layers/0/config model_config',
        'keras/lambda-layer /config/layers/0/config training_config',
      ]);
      assert.notDeepEqual(reports[0]?.key, reports[1]?.key);
    });
  });

  describe('when the model is benign or the file is not a Keras model', () => {
    it('reports nothing', async () => {
      assert.deepEqual(
        await scan(h5({ model_config: keras2Model(dense), backend: 'tensorflow' })),
        [],
      );
      assert.deepEqual(await scan(h5({ layer_names: 'dense', nb_layers: 1 })), []);
    });
  });

  describe('when the config cannot be checked', () => {
    it('reports keras/unparseable for invalid JSON, a non-string value and an over-limit value', async () => {
      const invalid = await scan(h5({ model_config: '{"class_name": "Sequential", ' }));
      assert.deepEqual(summary(invalid), ['keras/unparseable  model_config']);
      assert.equal(invalid[0]?.evidence?.['code'], 'KERAS_JSON_SYNTAX');
      const numeric = await scan(h5({ model_config: 7 }));
      assert.equal(numeric[0]?.evidence?.['code'], 'KERAS_CONFIG_NOT_A_STRING');
      const large = await scan(
        h5({ model_config: keras2Model(dense) }),
        makeLimits({ maxBytes: 32 }),
      );
      assert.deepEqual(summary(large), ['keras/unparseable  model_config']);
      assert.equal(large[0]?.evidence?.['code'], 'HDF5_VALUE_TOO_LARGE');
    });
  });

  describe('when the HDF5 structure cannot be read', () => {
    it('reports hdf5/unparseable (fail closed)', async () => {
      const bytes = h5({ model_config: keras2Model(lambda) });
      const broken = bytes.slice(0, 100); // the root object header is cut off
      const reports = await scan(broken);
      assert.deepEqual(summary(reports), ['hdf5/unparseable']);
      assert.equal(reports[0]?.evidence?.['code'], 'HDF5_TRUNCATED');
    });

    it('still checks the attributes read before the failure', async () => {
      const bytes = h5({ model_config: keras2Model(lambda), other: 'x' });
      // Make the second attribute message's version invalid: reading stops there.
      const second = Buffer.from(bytes).lastIndexOf(Buffer.from('other\0')) - 8;
      bytes[second] = 9;
      const reports = await scan(bytes);
      assert.deepEqual(summary(reports), [
        'hdf5/unparseable',
        'keras/lambda-layer /config/layers/0/config model_config',
      ]);
    });
  });

  describe('when scanning the h5py-made fixtures', () => {
    const fixture = (path: string): Uint8Array =>
      readFileSync(new URL(`../../../../fixtures/samples/${path}`, import.meta.url));

    it('reports the Lambda layer of malicious/keras/lambda-layer.h5 and nothing in the benign model', async () => {
      const malicious = await scan(fixture('malicious/keras/lambda-layer.h5'));
      assert.deepEqual(summary(malicious), [
        'keras/lambda-layer /config/layers/1/config model_config',
      ]);
      assert.deepEqual(await scan(fixture('benign/keras/sequential-dense.h5')), []);
    });
  });
});
