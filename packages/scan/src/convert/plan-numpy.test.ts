import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MlsecError } from '@mlsec/core';
import { buildZip } from '@mlsec/formats/testing';
import type { BuildEntry } from '@mlsec/formats/testing';
import { convertFile, ConvertRefusedError } from './convert-file.ts';
import type { WritableDtype } from './tensor-input.ts';
import { assertSameElements, expectedValues } from '../testing/convert-expected.ts';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';

// Arrays and expected values written by numpy 1.24 (fixtures/convert/generate.py).
const ROOT = new URL('../../../../fixtures/convert/', import.meta.url);

interface ExpectedTensor {
  name: string;
  dtype: string;
  shape: number[];
  expected: string;
}
const manifest = JSON.parse(readFileSync(new URL('expected/manifest.json', ROOT), 'utf8')) as {
  fixtures: Record<string, { format: string; tensors: ExpectedTensor[] }>;
};

const temp = mkdtempSync(join(tmpdir(), 'mlsec-numpy-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const folder = (): string => mkdtempSync(join(temp, 'case-'));

/** A .npy as np.save lays it out (version 1.0, header padded to 64 bytes), with any header and data. */
function npy(header: string, data: Uint8Array): Uint8Array {
  let text = header;
  text += ' '.repeat((64 - ((10 + text.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(Buffer.from(text, 'latin1'), 10);
  out.set(data, 10 + text.length);
  return out;
}

const head = (descr: string, shape: string, fortran = false): string =>
  `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;

function write(name: string, bytes: Uint8Array): string {
  const path = join(folder(), name);
  writeFileSync(path, bytes);
  return path;
}

/** Converts `input`, expecting `code` (and for a refusal its kind); no output, no temporary file left. */
async function assertRefused(input: string, code: string, kind?: string): Promise<MlsecError> {
  const dir = folder();
  const out = join(dir, 'model.safetensors');
  let caught: MlsecError | undefined;
  await assert.rejects(convertFile(input, out, { verify: true }), (error: unknown) => {
    assert.ok(error instanceof MlsecError);
    assert.equal(error.code, code, error.message);
    if (kind !== undefined) {
      assert.ok(error instanceof ConvertRefusedError);
      assert.equal(error.refusal.code, kind, error.message);
    }
    caught = error;
    return true;
  });
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(caught);
  return caught;
}

/** `count` int32 values i * 7 - 3, as big- or little-endian bytes. */
function int32s(count: number, bigEndian: boolean, order?: number[]): Uint8Array {
  const out = new DataView(new ArrayBuffer(count * 4));
  for (let k = 0; k < count; k++) out.setInt32(k * 4, (order?.[k] ?? k) * 7 - 3, !bigEndian);
  return new Uint8Array(out.buffer);
}

describe('convertFile on NumPy files', () => {
  const cases = Object.entries(manifest.fixtures).filter(
    ([, f]) => f.format === 'npy' || f.format === 'npz',
  );
  it('covers every npy and npz fixture', () => {
    assert.deepEqual(cases.map(([file]) => file).sort(), [
      'arrays-compressed.npz',
      'arrays.npy',
      'arrays.npz',
    ]);
  });
  for (const [file, fixture] of cases) {
    it(`converts ${file} to tensors equal element for element to numpy's, and verifies`, async () => {
      const out = join(folder(), 'model.safetensors');
      const result = await convertFile(fileURLToPath(new URL(file, ROOT)), out, { verify: true });
      assert.equal(result.format, fixture.format);
      assert.equal(result.verified, fixture.tensors.length);
      assert.deepEqual(result.notices, []);
      // Member order for npz; the manifest names a single .npy by the file stem, as convertFile does.
      assert.deepEqual(
        result.written,
        fixture.tensors.map((t) => t.name),
      );
      const { metadata, tensors } = await readSafetensorsFile(out);
      assert.equal(metadata['format'], 'pt');
      assert.equal(tensors.size, fixture.tensors.length);
      for (const t of fixture.tensors) {
        const got = tensors.get(t.name);
        assert.ok(got !== undefined, `${t.name} is missing`);
        assert.equal(got.dtype, t.dtype, t.name);
        assert.deepEqual(got.shape, t.shape, t.name);
        const want = await expectedValues(t.expected);
        assert.deepEqual(want.shape, t.shape);
        assertSameElements(t.name, t.dtype as WritableDtype, got.bytes, want.bytes);
      }
    });
  }
});

describe('planNpy', () => {
  describe('when the array is Fortran-order and big-endian at once', () => {
    it('writes it little-endian in C order', async () => {
      // Element (i, j) of a 3x4 array holds (4i + j) * 7 - 3; Fortran order stores column by column.
      const columnMajor = [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11];
      const input = write(
        'fb.npy',
        npy(head('>i4', '(3, 4)', true), int32s(12, true, columnMajor)),
      );
      const out = join(folder(), 'out.safetensors');
      const result = await convertFile(input, out, { verify: true });
      assert.deepEqual(result.written, ['fb']);
      const got = (await readSafetensorsFile(out)).tensors.get('fb');
      assert.ok(got);
      assert.equal(got.dtype, 'I32');
      assert.deepEqual(got.shape, [3, 4]);
      assertSameElements('fb', 'I32', got.bytes, int32s(12, false));
    });
  });

  describe('when a big-endian array spans several 1 MiB chunks', () => {
    it('swaps every element across the chunk boundaries', async () => {
      const count = 300_001; // 2.4 MB of float64, not a whole number of chunks
      const big = new DataView(new ArrayBuffer(count * 8));
      const little = new DataView(new ArrayBuffer(count * 8));
      for (let k = 0; k < count; k++) {
        big.setFloat64(k * 8, k / 3 - 1e5, false);
        little.setFloat64(k * 8, k / 3 - 1e5, true);
      }
      const input = write('big.npy', npy(head('>f8', `(${count},)`), new Uint8Array(big.buffer)));
      const out = join(folder(), 'out.safetensors');
      await convertFile(input, out, { verify: true });
      const got = (await readSafetensorsFile(out)).tensors.get('big');
      assert.ok(got);
      assertSameElements('big', 'F64', got.bytes, new Uint8Array(little.buffer));
    });
  });

  describe('when the dtype holds Python objects', () => {
    it('refuses it as not-allowed without reading the pickle', async () => {
      const input = write('obj.npy', npy(head('|O', '(2,)'), Uint8Array.of(0x80, 0x04, 0x2e)));
      const error = await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'not-allowed');
      assert.match(error.message, /Python objects/);
    });
  });

  describe('when the dtype has no SafeTensors counterpart', () => {
    it('refuses complex, strings and structured dtypes as unsupported', async () => {
      await assertRefused(
        write('c.npy', npy(head('<c8', '(2,)'), new Uint8Array(16))),
        'SCAN_CONVERT_REFUSED',
        'unsupported',
      );
      await assertRefused(
        write('s.npy', npy(head('|S4', '(2,)'), new Uint8Array(8))),
        'SCAN_CONVERT_REFUSED',
        'unsupported',
      );
      const structured =
        "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }";
      await assertRefused(
        write('r.npy', npy(structured, new Uint8Array(8))),
        'SCAN_CONVERT_REFUSED',
        'unsupported',
      );
    });
  });

  describe('when the data is shorter than shape x itemsize', () => {
    it('is SCAN_CONVERT_STORAGE_INVALID', async () => {
      const input = write('short.npy', npy(head('<f4', '(2, 3)'), new Uint8Array(23)));
      const error = await assertRefused(input, 'SCAN_CONVERT_STORAGE_INVALID');
      assert.match(error.message, /needs 24 bytes of data but 23/);
    });
  });

  describe('when bytes follow the data', () => {
    it('refuses the file as malformed rather than dropping them', async () => {
      const input = write('long.npy', npy(head('<f4', '(2, 3)'), new Uint8Array(25)));
      const error = await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'malformed');
      assert.match(error.message, /1 bytes after its data/);
    });
  });

  describe('when the header is not a plain literal', () => {
    it('refuses it as malformed (nothing is evaluated)', async () => {
      const header =
        "{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (1,), }";
      await assertRefused(
        write('eval.npy', npy(header, new Uint8Array(4))),
        'SCAN_CONVERT_REFUSED',
        'malformed',
      );
    });
  });
});

/** An .npz of members, each stored unless `method: 8`. */
function npz(entries: BuildEntry[]): string {
  return write('arrays.npz', buildZip(entries));
}
const f32 = (): Uint8Array =>
  npy(head('<f4', '(2,)'), new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]));

describe('planNpz', () => {
  describe('when a member is not a .npy array', () => {
    it('leaves it out with a notice, recorded in the metadata', async () => {
      const input = npz([
        { name: 'w.npy', data: f32() },
        { name: 'README.txt', data: 'hello' },
      ]);
      const out = join(folder(), 'out.safetensors');
      const result = await convertFile(input, out, { verify: true });
      assert.deepEqual(result.written, ['w']);
      assert.equal(result.notices.length, 1);
      assert.match(result.notices[0] ?? '', /README\.txt is not a \.npy array/);
      const { metadata, tensors } = await readSafetensorsFile(out);
      assert.match(metadata['mlsec_notices'] ?? '', /README\.txt/);
      assert.deepEqual([...(tensors.get('w')?.bytes ?? [])], [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
    });
  });

  describe('when a member name appears twice', () => {
    it('refuses the archive as malformed', async () => {
      const input = npz([
        { name: 'w.npy', data: f32() },
        { name: 'w.npy', data: f32() },
      ]);
      const error = await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'malformed');
      assert.match(error.message, /"w\.npy" appears twice/);
    });
  });

  describe('when a member name is unsafe', () => {
    it('refuses the archive as malformed, even for a member that would be left out', async () => {
      await assertRefused(
        npz([{ name: '../w.npy', data: f32() }]),
        'SCAN_CONVERT_REFUSED',
        'malformed',
      );
      await assertRefused(
        npz([
          { name: 'w.npy', data: f32() },
          { name: '/etc/x.txt', data: 'x' },
        ]),
        'SCAN_CONVERT_REFUSED',
        'malformed',
      );
    });
  });

  describe('when a member holds Python objects', () => {
    it('refuses it as not-allowed, naming the member', async () => {
      const input = npz([
        { name: 'w.npy', data: f32() },
        { name: 'labels.npy', data: npy(head('|O', '(1,)'), Uint8Array.of(0x80, 0x04, 0x2e)) },
      ]);
      const error = await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'not-allowed');
      assert.match(error.message, /member "labels\.npy"/);
    });
  });

  describe('when a deflated member lies about its size', () => {
    it('refuses a member that inflates past its declared size', async () => {
      const data = f32();
      const input = npz([{ name: 'w.npy', data, method: 8, uncompressedSize: data.length - 1 }]);
      const error = await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'malformed');
      assert.match(error.message, /member "w\.npy" cannot be inflated/);
    });

    it('refuses a member that inflates short of its declared size', async () => {
      const data = f32();
      const input = npz([{ name: 'w.npy', data, method: 8, uncompressedSize: data.length + 8 }]);
      await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'malformed');
    });

    it('refuses a member whose CRC-32 does not match', async () => {
      const input = npz([{ name: 'w.npy', data: f32(), method: 8, crc32: 0x12345678 }]);
      await assertRefused(input, 'SCAN_CONVERT_REFUSED', 'malformed');
    });
  });

  describe('when a deflated member is big-endian and Fortran-order', () => {
    it('inflates, swaps and reorders it', async () => {
      const columnMajor = [0, 3, 1, 4, 2, 5];
      const data = npy(head('>i4', '(2, 3)', true), int32s(6, true, columnMajor));
      const input = npz([
        { name: 'x.npy', data, method: 8 },
        { name: 'y.npy', data: f32() },
      ]);
      const out = join(folder(), 'out.safetensors');
      const result = await convertFile(input, out, { verify: true });
      assert.deepEqual(result.written, ['x', 'y']);
      const got = (await readSafetensorsFile(out)).tensors.get('x');
      assert.ok(got);
      assert.deepEqual(got.shape, [2, 3]);
      assertSameElements('x', 'I32', got.bytes, int32s(6, false));
    });
  });

  describe('when a member array is short or has trailing bytes', () => {
    it('is STORAGE_INVALID when short and refused as malformed when long', async () => {
      await assertRefused(
        npz([{ name: 'w.npy', data: npy(head('<f4', '(2,)'), new Uint8Array(7)) }]),
        'SCAN_CONVERT_STORAGE_INVALID',
      );
      await assertRefused(
        npz([{ name: 'w.npy', data: npy(head('<f4', '(2,)'), new Uint8Array(9)), method: 8 }]),
        'SCAN_CONVERT_REFUSED',
        'malformed',
      );
    });
  });
});
