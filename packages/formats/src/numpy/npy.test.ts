import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { parseNpy } from './parse-npy.ts';
import { FLOAT_NPY_BASE64, OBJECT_NPY_BASE64, buildNpy, validNpy } from './testing/build-npy.ts';

const parse = (bytes: Uint8Array) => parseNpy(memorySource(bytes), DEFAULT_LIMITS);
const header = (descr: string, shape = '(2,)') =>
  `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;

describe('parseNpy', () => {
  describe('when the file is a plain array', () => {
    it('returns descr, order, shape and the data offset', async () => {
      const result = await parse(validNpy());
      assert.equal(result.ok, true);
      assert.deepEqual(result.issues, []);
      if (!result.ok) return;
      const { descrText, fortranOrder, shape, dataOffset, hasObjects, expectedDataLength } =
        result.value;
      assert.deepEqual(
        { descrText, fortranOrder, shape, dataOffset, hasObjects, expectedDataLength },
        {
          descrText: "'<f4'",
          fortranOrder: false,
          shape: [2, 3],
          dataOffset: 128,
          hasObjects: false,
          expectedDataLength: 24,
        },
      );
    });
    it('reads a file written by numpy', async () => {
      const result = await parse(Buffer.from(FLOAT_NPY_BASE64, 'base64'));
      assert.equal(result.ok && result.value.expectedDataLength, 24);
      assert.deepEqual(result.issues, []);
    });
    it('reads versions 2.0 and 3.0', async () => {
      for (const major of [2, 3]) {
        const result = await parse(buildNpy({ major, header: header("'<u2'", '(3,)'), data: 6 }));
        assert.equal(result.ok && result.value.dataOffset % 64, 0);
        assert.deepEqual(result.issues, []);
      }
    });
  });

  describe('when the dtype holds Python objects', () => {
    it('flags a numpy-written object array', async () => {
      const result = await parse(Buffer.from(OBJECT_NPY_BASE64, 'base64'));
      assert.equal(result.ok && result.value.hasObjects, true);
      assert.equal(result.ok && result.value.dataLength, 293 - 128);
    });
    for (const descr of [
      "'O'",
      "'<O8'",
      "'object'",
      "[('a', '<i4'), ('b', '|O')]",
      "[('x', [('y', '|O')])]",
      "('|O', (2,))",
      "'i4,O'",
      "'\\117'",
    ]) {
      it(`flags descr ${descr}`, async () => {
        const result = await parse(buildNpy({ header: header(descr) }));
        assert.equal(result.ok && result.value.hasObjects, true);
      });
    }
    it('does not count an O in a field name', async () => {
      const result = await parse(
        buildNpy({ header: header("[('Output', '<i4'), (('Title', 'Other'), '<f8')]"), data: 24 }),
      );
      assert.equal(result.ok && result.value.hasObjects, false);
      assert.deepEqual(result.issues, []);
    });
    it('checks a descr numpy would not write conservatively', async () => {
      const result = await parse(buildNpy({ header: header("['aO']"), data: 1 }));
      assert.equal(result.ok && result.value.hasObjects, true);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['NUMPY_NONSTANDARD_DESCR'],
      );
    });
    it('reports a non-empty object array with no data at all', async () => {
      const result = await parse(buildNpy({ header: header("'|O'") }));
      assert.equal(result.ok && result.value.hasObjects, true);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['NUMPY_DATA_TRUNCATED'],
      );
    });
  });

  describe('when sizes do not add up', () => {
    it('reports missing and trailing data', async () => {
      const short = await parse(buildNpy({ header: header("'<f8'"), data: 10 }));
      assert.deepEqual(
        short.issues.map((i) => i.code),
        ['NUMPY_DATA_TRUNCATED'],
      );
      const long = await parse(
        buildNpy({ header: header("[('a', '<i4'), ('b', '<U2', (2,))]"), data: 2 * 20 + 5 }),
      );
      assert.deepEqual(
        long.issues.map((i) => i.code),
        ['NUMPY_TRAILING_DATA'],
      );
      assert.equal(long.ok && long.value.expectedDataLength, 40);
    });
  });

  describe('when the header is not what numpy writes', () => {
    for (const [text, code] of [
      ["{'descr': '<f4', 'shape': (1,)}", 'NUMPY_INVALID_HEADER'],
      ["{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", 'NUMPY_INVALID_HEADER'],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", 'NUMPY_INVALID_HEADER'],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", 'NUMPY_INVALID_SHAPE'],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 'NUMPY_INVALID_HEADER'],
      ["__import__('os').system('id')", 'NUMPY_INVALID_HEADER'],
    ] as const) {
      it(`reports ${code} for ${text.slice(0, 50)}`, async () => {
        const result = await parse(buildNpy({ header: text }));
        assert.equal(result.ok, false);
        assert.equal(result.issues.at(-1)?.code, code);
      });
    }
    it('reports duplicate keys and keeps the last, as Python does', async () => {
      const result = await parse(
        buildNpy({
          header: "{'descr': 'O', 'descr': '<u1', 'fortran_order': False, 'shape': (0,)}",
        }),
      );
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['NUMPY_DUPLICATE_KEY'],
      );
      assert.equal(result.ok && result.value.descrText, "'<u1'");
    });
    it('reports bad magic and unsupported versions', async () => {
      const bytes = validNpy();
      bytes[6] = 4;
      assert.equal((await parse(bytes)).issues[0]?.code, 'NUMPY_UNSUPPORTED_VERSION');
      bytes[0] = 0;
      assert.equal((await parse(bytes)).issues[0]?.code, 'NUMPY_BAD_MAGIC');
    });
  });
});
