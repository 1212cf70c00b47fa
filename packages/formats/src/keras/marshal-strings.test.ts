import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { marshalStrings } from './marshal-strings.ts';
import { LAMBDA_DOUBLE, LAMBDA_OS_SYSTEM } from './testing/configs.ts';

describe('marshalStrings', () => {
  describe('when given a marshalled code object', () => {
    it('finds the names it uses', () => {
      const strings = marshalStrings(Buffer.from(LAMBDA_OS_SYSTEM, 'base64'));
      for (const name of ['os', 'id', '__import__', 'system', '<lambda>'])
        assert.ok(strings.includes(name), name);
    });

    it('finds nothing alarming in a harmless lambda', () => {
      const strings = marshalStrings(Buffer.from(LAMBDA_DOUBLE, 'base64'));
      assert.ok(strings.includes('<lambda>'));
      assert.ok(!strings.includes('system'));
    });
  });

  describe('when the bytes are not marshal data', () => {
    it('falls back to printable runs of at least four bytes', () => {
      assert.deepEqual(
        marshalStrings(Uint8Array.from([1, 2, ...Buffer.from('popen'), 0, 0x41, 3])),
        ['popen'],
      );
    });

    it('bounds the number and length of strings', () => {
      const many = Buffer.concat(
        Array.from({ length: 200 }, (_, i) =>
          Buffer.from([0x7a, 3, ...Buffer.from(`n${String(i).padStart(2, '0')}`.slice(0, 3))]),
        ),
      );
      assert.equal(marshalStrings(many).length, 64);
      const long = Buffer.concat([Buffer.from([0x61, 200, 0, 0, 0]), Buffer.alloc(200, 0x41)]);
      assert.equal(marshalStrings(long)[0]?.length, 80);
    });
  });
});
