import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NUMPY_RULES } from '../rules/numpy.ts';
import { runDetector } from '../testing/run-detector.ts';
import { OBJECT_ARRAY_MEMBER, numpyDetector } from './numpy.ts';

/** .npy version 1.0 bytes with `header` padded to 64 bytes, then `data`. */
function npy(header: string, data: Uint8Array | number = 0): Uint8Array {
  const padded = header + ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(10 + padded.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, padded.length, true);
  out.set(Buffer.from(padded, 'latin1'), 10);
  out.set(body, 10 + padded.length);
  return out;
}

const header = (descr: string, shape: string) =>
  `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;
const RULE_IDS = new Set(NUMPY_RULES.map((r) => r.id));

/**
 * np.save(f, np.array([1, 'x', None], dtype=object)) with numpy 1.24 (/usr/bin/python3): the data is a
 * protocol 3 pickle of numpy.core.multiarray._reconstruct.
 */
const OBJECT_NPY =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAA2NudW1weS5jb3JlLm11bHRpYXJyYXkKX3JlY29uc3RydWN0CnEAY251bXB5Cm5kYXJyYXkKcQFLAIVxAkMBYnEDh3EEUnEFKEsBSwOFcQZjbnVtcHkKZHR5cGUKcQdYAgAAAE84cQiJiIdxCVJxCihLA1gBAAAAfHELTk5OSv////9K/////0s/dHEMYoldcQ0oSwFYAQAAAHhxDk5ldHEPYi4=';

async function scan(bytes: Uint8Array) {
  const { reports, nested } = await runDetector(numpyDetector, bytes, { format: 'numpy' });
  for (const r of reports) assert.ok(RULE_IDS.has(r.ruleId), `unknown rule ${r.ruleId}`);
  return { rules: reports.map((r) => r.ruleId), reports, nested };
}

describe('numpyDetector', () => {
  describe('when the array is numeric', () => {
    it('reports nothing', async () => {
      const { reports, nested } = await scan(npy(header("'<f8'", '(2, 2)'), 32));
      assert.deepEqual(reports, []);
      assert.deepEqual(nested, []);
    });
  });

  describe('when the dtype holds objects', () => {
    it('reports object-array and scans the pickle after the header', async () => {
      const bytes = Buffer.from(OBJECT_NPY, 'base64');
      const { rules, reports, nested } = await scan(bytes);
      assert.deepEqual(rules, ['numpy/object-array']);
      assert.match(reports[0]?.message ?? '', /allow_pickle=True/);
      assert.equal(nested.length, 1);
      assert.equal(nested[0]?.name, OBJECT_ARRAY_MEMBER);
      assert.deepEqual([...(nested[0]?.bytes.subarray(0, 2) ?? [])], [0x80, 0x03]);
      assert.equal(nested[0]?.bytes.length, bytes.length - 128);
    });
    it('finds objects inside structured dtypes', async () => {
      const { rules, nested } = await scan(
        npy(
          header("[('a', '<i4'), ('b', '|O')]", '(1,)'),
          Uint8Array.from([0x80, 0x04, 0x4e, 0x2e]),
        ),
      );
      assert.deepEqual(rules, ['numpy/object-array']);
      assert.equal(nested.length, 1);
    });
  });

  describe('when the file is malformed', () => {
    it('reports an invalid header as unparseable', async () => {
      assert.deepEqual((await scan(npy("__import__('os').system('id')"))).rules, [
        'numpy/unparseable',
      ]);
    });
    it('reports truncated data as malformed', async () => {
      assert.deepEqual((await scan(npy(header("'<f8'", '(4,)'), 8))).rules, ['numpy/malformed']);
    });
    it('reports trailing bytes and scans them as nested content', async () => {
      const data = new Uint8Array(8 + 4);
      data.set([0x80, 0x04, 0x4e, 0x2e], 8);
      const { rules, nested } = await scan(npy(header("'<f4'", '(2,)'), data));
      assert.deepEqual(rules, ['numpy/trailing-data']);
      assert.deepEqual([...(nested[0]?.bytes ?? [])], [0x80, 0x04, 0x4e, 0x2e]);
    });
  });
});
