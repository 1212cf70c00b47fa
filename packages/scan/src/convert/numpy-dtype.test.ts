import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { numpyDtype } from './numpy-dtype.ts';
import { planHeader } from './plan-header.ts';
import { writeSafetensors } from './safetensors-writer.ts';
import { bytesTensor, WRITABLE_DTYPES } from './tensor-input.ts';
import type { WritableDtype } from './tensor-input.ts';
import { verifySafetensors } from './verify-safetensors.ts';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';

const root = mkdtempSync(join(tmpdir(), 'mlsec-numpy-dtype-'));
after(() => rmSync(root, { recursive: true, force: true }));

function mapped(typestr: string): { dtype: WritableDtype; bigEndian: boolean } {
  const result = numpyDtype(typestr);
  assert.ok(result.ok, `${typestr} should map`);
  return { dtype: result.dtype, bigEndian: result.bigEndian };
}

function refusedAs(typestr: string, code: string): string {
  const result = numpyDtype(typestr);
  assert.ok(!result.ok, `${typestr} should be refused`);
  assert.equal(result.refusal.code, code, typestr);
  return result.refusal.message;
}

describe('numpyDtype', () => {
  describe('when the type string is one numpy writes for a numeric array', () => {
    it('maps each little-endian and one-byte form to its SafeTensors dtype', () => {
      const cases: [string, WritableDtype][] = [
        ['<f8', 'F64'],
        ['<f4', 'F32'],
        ['<f2', 'F16'],
        ['<i8', 'I64'],
        ['<i4', 'I32'],
        ['<i2', 'I16'],
        ['|i1', 'I8'],
        ['|u1', 'U8'],
        ['|b1', 'BOOL'],
        ['<u2', 'U16'],
        ['<u4', 'U32'],
        ['<u8', 'U64'],
      ];
      for (const [typestr, dtype] of cases) {
        assert.deepEqual(mapped(typestr), { dtype, bigEndian: false }, typestr);
      }
    });

    it('marks the big-endian forms of wider types for swapping', () => {
      for (const [typestr, dtype] of [
        ['>f8', 'F64'],
        ['>f4', 'F32'],
        ['>f2', 'F16'],
        ['>i8', 'I64'],
        ['>i4', 'I32'],
        ['>i2', 'I16'],
        ['>u2', 'U16'],
        ['>u4', 'U32'],
        ['>u8', 'U64'],
      ] as const) {
        assert.deepEqual(mapped(typestr), { dtype, bigEndian: true }, typestr);
      }
    });

    it('ignores the byte order of one-byte types, as numpy does', () => {
      assert.deepEqual(mapped('>i1'), { dtype: 'I8', bigEndian: false });
      assert.deepEqual(mapped('<u1'), { dtype: 'U8', bigEndian: false });
      assert.deepEqual(mapped('>b1'), { dtype: 'BOOL', bigEndian: false });
    });

    it('reads "=" and "|" on wider types, and no prefix, as native (little-endian)', () => {
      assert.deepEqual(mapped('=f8'), { dtype: 'F64', bigEndian: false });
      assert.deepEqual(mapped('|i4'), { dtype: 'I32', bigEndian: false });
      assert.deepEqual(mapped('u2'), { dtype: 'U16', bigEndian: false });
    });
  });

  describe('when the dtype holds Python objects', () => {
    it('is not-allowed in every spelling, since loading it unpickles', () => {
      for (const typestr of ['|O', 'O', 'O8', '<O', 'object', 'i4,O']) {
        assert.match(refusedAs(typestr, 'not-allowed'), /objects/, typestr);
      }
    });
  });

  describe('when the type has no SafeTensors counterpart', () => {
    it('refuses complex, strings, datetimes and void as unsupported, naming the kind', () => {
      const kinds: [string, RegExp][] = [
        ['<c8', /complex/],
        ['<c16', /complex/],
        ['|S3', /byte-string/],
        ['<U5', /unicode/],
        ['|V4', /void/],
        ['<M8[ns]', /datetime/],
        ['<m8[s]', /timedelta/],
      ];
      for (const [typestr, why] of kinds) assert.match(refusedAs(typestr, 'unsupported'), why);
    });

    it('refuses other sizes and non-canonical names as unsupported', () => {
      for (const typestr of [
        '<f16',
        '<f1',
        '<i3',
        '<b2',
        'float32',
        '',
        '<',
        '<f',
        '<f4 ',
        'xf4',
      ]) {
        refusedAs(typestr, 'unsupported');
      }
    });

    it('escapes and truncates the type string in the message', () => {
      const message = refusedAs(`<c8${'\u0007'.repeat(200)}`, 'unsupported');
      assert.ok(!message.includes('\u0007'));
      assert.ok(message.length < 200);
    });
  });
});

describe('the unsigned SafeTensors dtypes U16, U32 and U64', () => {
  it('are written, laid out by the reference order and read back by the bounded parser', async () => {
    const make = (name: string, dtype: WritableDtype) =>
      bytesTensor(
        name,
        dtype,
        [2, 3],
        Uint8Array.from({ length: 6 * WRITABLE_DTYPES[dtype] }, (_, i) => (i * 37 + 5) & 0xff),
        5,
      );
    const tensors = [
      make('a.u16', 'U16'),
      make('b.u64', 'U64'),
      make('c.u32', 'U32'),
      make('d.i64', 'I64'),
      make('e.f16', 'F16'),
      make('f.i16', 'I16'),
    ];
    // huggingface/safetensors orders by Dtype (…, I16, U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64) descending.
    const order = planHeader(tensors).tensors.map((t) => t.input.name);
    assert.deepEqual(order, ['b.u64', 'd.i64', 'c.u32', 'e.f16', 'a.u16', 'f.i16']);
    const target = join(root, 'unsigned.safetensors');
    await writeSafetensors(target, tensors, { metadata: { format: 'pt' } });
    const { tensors: read } = await readSafetensorsFile(target);
    for (const t of tensors) {
      const got = read.get(t.name);
      assert.ok(got, t.name);
      assert.equal(got.dtype, t.dtype);
      assert.deepEqual(got.shape, [2, 3]);
      const want = Uint8Array.from({ length: t.byteLength }, (_, i) => (i * 37 + 5) & 0xff);
      assert.deepEqual(new Uint8Array(got.bytes), want, t.name);
    }
    const verified = await verifySafetensors(target, tensors, { metadata: { format: 'pt' } });
    assert.deepEqual(verified, { ok: true, tensors: 6 });
  });
});
