import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { pickle } from '@mlsec/formats/testing';
import type { PickleBuilder } from '@mlsec/formats/testing';
import { ConvertRefusedError } from './checkpoint-source.ts';
import { convertFile } from './convert-file.ts';
import { planJoblib } from './plan-joblib.ts';
import type { TensorInput, WritableDtype } from './tensor-input.ts';
import { assertSameElements, expectedValues } from '../testing/convert-expected.ts';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';

// Dumps and expected values written by joblib 1.2.0 / numpy 1.24 (fixtures/convert/generate.py).
const ROOT = new URL('../../../../fixtures/convert/', import.meta.url);
const MALICIOUS = new URL('../../../../fixtures/samples/malicious/joblib/', import.meta.url);

interface ExpectedTensor {
  name: string;
  dtype: WritableDtype;
  shape: number[];
  expected: string;
}
const manifest = JSON.parse(readFileSync(new URL('expected/manifest.json', ROOT), 'utf8')) as {
  fixtures: Record<string, { format: string; tensors: ExpectedTensor[] }>;
};

const temp = mkdtempSync(join(tmpdir(), 'mlsec-joblib-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const folder = (): string => mkdtempSync(join(temp, 'case-'));

async function bytesOf(tensor: TensorInput): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await tensor.write({
    write: (chunk) => {
      parts.push(chunk.slice());
      return Promise.resolve();
    },
  });
  return new Uint8Array(Buffer.concat(parts));
}

async function plan(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  return planJoblib(memorySource(bytes), limits, 'stem');
}

async function refusal(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) {
  let caught: ConvertRefusedError | undefined;
  await assert.rejects(plan(bytes, limits), (error: unknown) => {
    assert.ok(error instanceof ConvertRefusedError, String(error));
    caught = error;
    return true;
  });
  return caught?.refusal;
}

// ---------------------------------------------------------------------------------------------
// Hand-built dumps, written as joblib 1.2's NumpyPickler writes them (protocol 2, no frames).

interface ArraySpec {
  /** numpy.dtype's first argument ('f4'), and the byteorder of its BUILD state. */
  readonly typestr: string;
  readonly byteorder?: string;
  readonly shape: readonly number[];
  readonly order?: string;
  readonly subclass?: readonly [string, string];
  /** Padding bytes after the alignment byte; null: no numpy_array_alignment_bytes (joblib < 1.2). */
  readonly padding?: number | null;
  readonly flags?: number;
  /** The wrapper's module (sklearn vendored joblib as sklearn.externals.joblib). */
  readonly wrapperModule?: string;
  readonly data: Uint8Array | readonly number[];
}

function pushArray(p: PickleBuilder, spec: ArraySpec): PickleBuilder {
  const [module, name] = spec.subclass ?? ['numpy', 'ndarray'];
  p.global(spec.wrapperModule ?? 'joblib.numpy_pickle', 'NumpyArrayWrapper');
  p.op('EMPTY_TUPLE').op('NEWOBJ');
  p.op('EMPTY_DICT').op('MARK').str('subclass').global(module, name).str('shape').op('MARK');
  for (const n of spec.shape) p.int(n);
  p.op('TUPLE')
    .str('order')
    .str(spec.order ?? 'C')
    .str('dtype');
  p.global('numpy', 'dtype').str(spec.typestr).op('NEWFALSE').op('NEWTRUE').op('TUPLE3');
  p.op('REDUCE')
    .op('MARK')
    .int(3)
    .str(spec.byteorder ?? '<')
    .op('NONE')
    .op('NONE')
    .op('NONE');
  p.op('BININT', 0xff, 0xff, 0xff, 0xff)
    .op('BININT', 0xff, 0xff, 0xff, 0xff)
    .int(spec.flags ?? 0);
  p.op('TUPLE').op('BUILD').str('allow_mmap').op('NEWFALSE');
  if (spec.padding !== null) p.str('numpy_array_alignment_bytes').int(16);
  p.op('SETITEMS').op('BUILD');
  const padding = spec.padding ?? 3;
  if (spec.padding !== null) p.raw([padding, ...new Array<number>(padding).fill(0xff)]);
  return p.raw(spec.data);
}

/** A dict of arrays (and other values pushed by `extra`), then STOP. */
function dump(arrays: Record<string, ArraySpec>, extra?: (p: PickleBuilder) => void): Uint8Array {
  const p = pickle().proto(2).op('EMPTY_DICT').op('MARK');
  for (const [key, spec] of Object.entries(arrays)) pushArray(p.str(key), spec);
  extra?.(p);
  return p.op('SETITEMS').stop().build();
}

const f32 = (values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);

describe('planJoblib', () => {
  const fixtures = Object.entries(manifest.fixtures).filter(([, f]) => f.format === 'joblib');

  it('covers the plain, zlib and gzip fixtures', () => {
    assert.deepEqual(fixtures.map(([file]) => file).sort(), [
      'arrays-gzip.joblib',
      'arrays-zlib.joblib',
      'arrays.joblib',
    ]);
  });

  for (const [file, fixture] of fixtures) {
    it(`converts ${file} to arrays equal element for element to numpy's`, async () => {
      const input = fileURLToPath(new URL(file, ROOT));
      const out = join(folder(), 'model.safetensors');
      const result = await convertFile(input, out, { verify: true });
      assert.equal(result.format, 'joblib');
      assert.equal(result.verified, fixture.tensors.length);
      assert.deepEqual(result.notices, []);
      const { tensors } = await readSafetensorsFile(out);
      assert.deepEqual([...tensors.keys()].sort(), fixture.tensors.map((t) => t.name).sort());
      for (const t of fixture.tensors) {
        const got = tensors.get(t.name);
        assert.ok(got !== undefined, `${t.name} is missing`);
        assert.equal(got.dtype, t.dtype);
        assert.deepEqual(got.shape, t.shape);
        const want = await expectedValues(t.expected);
        assert.deepEqual(want.shape, t.shape);
        assertSameElements(t.name, t.dtype, got.bytes, want.bytes);
      }
    });
  }

  describe('when a file in the malicious joblib samples is converted', () => {
    const samples = readdirSync(MALICIOUS).filter((f) => f.endsWith('.joblib'));
    it('has the plain, compressed and array-then-payload samples', () => {
      assert.equal(samples.length, 7);
    });
    for (const sample of samples) {
      it(`refuses ${sample} naming posix.system and writes nothing`, async () => {
        const dir = folder();
        const out = join(dir, 'model.safetensors');
        await assert.rejects(
          convertFile(fileURLToPath(new URL(sample, MALICIOUS)), out),
          (error: unknown) => {
            assert.ok(error instanceof ConvertRefusedError);
            assert.equal(error.refusal.code, 'not-allowed');
            assert.equal(error.refusal.global, 'posix.system');
            assert.equal(typeof error.refusal.offset, 'number');
            return true;
          },
        );
        assert.equal(existsSync(out), false);
        assert.deepEqual(readdirSync(dir), []);
      });
    }
  });

  describe('when a REDUCE of a disallowed global is popped before STOP', () => {
    it('refuses with the global and its offset', async () => {
      const bytes = dump({ w: { typestr: 'f4', shape: [1], data: f32([1]) } }, (p) => {
        p.str('x')
          .call('posix', 'system', (b) => b.str('id'))
          .op('POP')
          .op('NONE');
      });
      const found = await refusal(bytes);
      assert.equal(found?.code, 'not-allowed');
      assert.equal(found?.global, 'posix.system');
      assert.equal(bytes[found?.offset ?? -1], 0x63); // GLOBAL
    });
  });

  describe("when the wrapper is sklearn.externals.joblib's", () => {
    it("converts the array as joblib's does", async () => {
      const wrapperModule = 'sklearn.externals.joblib.numpy_pickle';
      const bytes = dump({ w: { typestr: 'f4', shape: [1], wrapperModule, data: f32([4]) } });
      const result = await plan(bytes);
      assert.deepEqual(await Promise.all(result.tensors.map(bytesOf)), [f32([4])]);
    });
  });

  describe('when an EXT opcode loads an object from the copyreg registry', () => {
    it('refuses it, wherever it is', async () => {
      const bytes = dump({ w: { typestr: 'f4', shape: [1], data: f32([1]) } }, (p) => {
        p.str('e').op('EXT1', 7);
      });
      const found = await refusal(bytes);
      assert.equal(found?.code, 'not-allowed');
      assert.match(found?.message ?? '', /EXT/);
    });
  });

  describe('when an array holds Python objects', () => {
    it('refuses the object array (its data is a nested pickle)', async () => {
      const nested = pickle().proto(2).op('NONE').stop().build();
      // No alignment padding: joblib pickles an object array right after the wrapper.
      const bytes = dump({
        o: { typestr: 'O8', shape: [1], flags: 63, padding: null, data: nested },
      });
      const found = await refusal(bytes);
      assert.equal(found?.code, 'not-allowed');
      assert.match(found?.message ?? '', /Python objects/);
    });
  });

  describe('when the subclass is not numpy.ndarray', () => {
    it('refuses an allowed global used as the subclass, naming it', async () => {
      const spec: ArraySpec = {
        typestr: 'f4',
        shape: [1],
        subclass: ['numpy', 'dtype'],
        data: f32([1]),
      };
      const found = await refusal(dump({ w: spec }));
      assert.equal(found?.code, 'not-allowed');
      assert.equal(found?.global, 'numpy.dtype');
    });

    it('refuses a numpy subclass by the allow-list', async () => {
      const spec: ArraySpec = {
        typestr: 'f4',
        shape: [1],
        subclass: ['numpy', 'matrix'],
        data: f32([1]),
      };
      const found = await refusal(dump({ w: spec }));
      assert.equal(found?.global, 'numpy.matrix');
    });
  });

  describe('when the array data is cut short', () => {
    it('refuses the dump as malformed and writes nothing', async () => {
      const whole = dump({ w: { typestr: 'f8', shape: [4], data: new Uint8Array(32) } });
      const cut = whole.subarray(0, whole.length - 20);
      const found = await refusal(cut);
      assert.equal(found?.code, 'malformed');
      assert.match(found?.message ?? '', /JOBLIB_ARRAY_TRUNCATED/);
      const dir = folder();
      const input = join(dir, 'cut.joblib');
      writeFileSync(input, cut);
      await assert.rejects(convertFile(input, join(dir, 'out.safetensors')), ConvertRefusedError);
      assert.deepEqual(readdirSync(dir), ['cut.joblib']);
    });
  });

  describe('when arrays are big-endian, Fortran-ordered or unpadded', () => {
    it('writes each little-endian and row-major', async () => {
      const values = [1, 2, 3, 4, 5, 6];
      const big = new Uint8Array(24);
      values.forEach((v, i) => new DataView(big.buffer).setFloat32(i * 4, v, false));
      // Column-major (2, 3): [[1, 3, 5], [2, 4, 6]] is stored 1 2 3 4 5 6.
      const fortran = Int16Array.from(values);
      const bytes = dump({
        big: { typestr: 'f4', byteorder: '>', shape: [2, 3], data: big },
        fortran: { typestr: 'i2', shape: [2, 3], order: 'F', data: new Uint8Array(fortran.buffer) },
        old: { typestr: 'u1', byteorder: '|', shape: [3], padding: null, data: [7, 8, 9] },
      });
      const result = await plan(bytes);
      const byName = new Map(result.tensors.map((t) => [t.name, t]));
      assert.deepEqual([...byName.keys()], ['big', 'fortran', 'old']);
      assert.deepEqual(byName.get('big')?.shape, [2, 3]);
      assert.deepEqual(await bytesOf(byName.get('big') as TensorInput), f32(values));
      const rowMajor = Int16Array.from([1, 3, 5, 2, 4, 6]);
      assert.equal(byName.get('fortran')?.dtype, 'I16');
      assert.deepEqual(
        await bytesOf(byName.get('fortran') as TensorInput),
        new Uint8Array(rowMajor.buffer),
      );
      assert.equal(byName.get('old')?.dtype, 'U8');
      assert.deepEqual(await bytesOf(byName.get('old') as TensorInput), Uint8Array.from([7, 8, 9]));
    });
  });

  describe('when the dump is one array', () => {
    it('names the tensor after the file stem', async () => {
      const p = pickle().proto(2);
      pushArray(p, { typestr: 'f4', shape: [2], data: f32([0.5, -2]) });
      const result = await plan(p.stop().build());
      assert.deepEqual(
        result.tensors.map((t) => [t.name, t.dtype, t.shape]),
        [['stem', 'F32', [2]]],
      );
      assert.deepEqual(await bytesOf(result.tensors[0] as TensorInput), f32([0.5, -2]));
    });
  });

  describe('when arrays sit in nested dicts, lists and an OrderedDict beside other values', () => {
    it('names them by dotted paths and leaves the rest out with a notice', async () => {
      const bytes = dump({}, (p) => {
        p.str('layers').op('EMPTY_LIST').op('MARK');
        pushArray(p, { typestr: 'f4', shape: [1], data: f32([1]) });
        p.op('EMPTY_DICT').str('w');
        pushArray(p, { typestr: 'f4', shape: [1], data: f32([2]) });
        p.op('SETITEM').op('APPENDS');
        p.str('od').global('collections', 'OrderedDict').op('EMPTY_TUPLE').op('REDUCE');
        pushArray(p.str('b'), { typestr: 'f4', shape: [1], data: f32([3]) }).op('SETITEM');
        p.str('epoch').int(3).str('name').str('model');
      });
      const result = await plan(bytes);
      assert.deepEqual(
        result.tensors.map((t) => t.name),
        ['layers.0', 'layers.1.w', 'od.b'],
      );
      assert.deepEqual(result.notices, [
        'epoch is an int, not an array; left out',
        'name is a str, not an array; left out',
      ]);
      const values = await Promise.all(result.tensors.map(bytesOf));
      assert.deepEqual(values, [f32([1]), f32([2]), f32([3])]);
    });
  });

  describe('when one array is reached under two names (a memo reference)', () => {
    it('writes it once under the first name in sorted order and ties the other', async () => {
      const bytes = dump({ z: { typestr: 'f4', shape: [1], data: f32([1]) } }, (p) => {
        p.op('BINPUT', 9).str('a').op('BINGET', 9);
      });
      const result = await plan(bytes);
      assert.deepEqual(
        result.tensors.map((t) => t.name),
        ['a'],
      );
      assert.deepEqual([...result.tied], [['z', 'a']]);
    });
  });

  describe('when the dump is not one pickle of arrays', () => {
    it('refuses a second pickle after the first', async () => {
      const first = dump({ w: { typestr: 'f4', shape: [1], data: f32([1]) } });
      const second = pickle().proto(2).op('NONE').stop().build();
      const found = await refusal(Buffer.concat([first, second]));
      assert.equal(found?.code, 'not-allowed');
      assert.equal(found?.offset, first.length);
    });

    it('refuses bytes after the STOP', async () => {
      const first = dump({ w: { typestr: 'f4', shape: [1], data: f32([1]) } });
      const found = await refusal(Buffer.concat([first, Buffer.from('garbage')]));
      assert.equal(found?.code, 'malformed');
    });

    it('refuses a dump without arrays as unsupported', async () => {
      const found = await refusal(dump({}, (p) => p.str('n').int(1)));
      assert.equal(found?.code, 'unsupported');
    });

    it('refuses a complex array as unsupported', async () => {
      const found = await refusal(
        dump({ c: { typestr: 'c8', shape: [1], data: new Uint8Array(8) } }),
      );
      assert.equal(found?.code, 'unsupported');
    });
  });

  describe('when a zlib dump decompresses past limits.maxDecompressedBytes', () => {
    it('refuses it as unsupported', async () => {
      const bytes = dump({ w: { typestr: 'f4', shape: [1024], data: new Uint8Array(4096) } });
      const compressed = deflateSync(bytes);
      assert.equal(compressed[0], 0x78);
      assert.equal((await plan(compressed)).tensors.length, 1);
      const limits = { ...DEFAULT_LIMITS, maxDecompressedBytes: 1024 };
      const found = await refusal(compressed, limits);
      assert.equal(found?.code, 'unsupported');
    });
  });
});
