import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';
import { readHdf5RootAttributes } from './read-attributes.ts';
import type { Hdf5RootAttributes } from './read-attributes.ts';
import {
  FileBuilder,
  Writer,
  attribute,
  continuation,
  continuationChunkV2,
  ds,
  dt,
  fixedStringAttribute,
  globalHeap,
  objectHeaderV1,
  objectHeaderV2,
  vlenRef,
} from './testing/builder.ts';
import { SAMPLE_CONFIG, hdf5Sample } from './testing/samples.ts';
import type { Hdf5Sample } from './testing/samples.ts';

async function read(bytes: Uint8Array | ByteSource): Promise<Hdf5RootAttributes> {
  const result = await readHdf5RootAttributes(
    bytes instanceof Uint8Array ? memorySource(bytes) : bytes,
    DEFAULT_LIMITS,
  );
  assert.ok(result.ok, JSON.stringify(result.issues));
  assert.deepEqual(result.issues, []);
  return result.value;
}

describe('readHdf5RootAttributes', () => {
  describe('when h5py wrote the file', () => {
    const cases: readonly [Hdf5Sample, string, number][] = [
      ['default', 'superblock v0, v1 object header, variable-length strings in the global heap', 0],
      ['fixed', 'fixed-length strings', 0],
      ['latest', "libver='latest': superblock v3 and a v2 object header", 3],
      ['dense', 'more than 8 attributes: dense storage in a fractal heap', 3],
      ['huge', 'an attribute too large for the heap: a huge object found through its B-tree', 3],
      ['indirect', 'many attributes: heap indirect blocks and a B-tree internal node', 3],
    ];
    for (const [name, what, version] of cases) {
      it(`reads model_config (${what})`, async () => {
        const value = await read(hdf5Sample(name));
        assert.equal(value.superblockVersion, version);
        assert.equal((value.attributes.get('model_config') as string).trimEnd(), SAMPLE_CONFIG);
      });
    }

    it('reads every attribute of the default layout, in order, with offsets', async () => {
      const value = await read(hdf5Sample('default'));
      assert.deepEqual(
        value.entries.map((e) => [e.name, e.value]),
        [
          ['model_config', SAMPLE_CONFIG],
          ['keras_version', '2.11.0'],
          ['backend', 'tensorflow'],
        ],
      );
      assert.ok(value.entries.every((e) => e.offset > 0));
      assert.equal(value.dense, false);
    });

    it('decodes integers and floats', async () => {
      const value = await read(hdf5Sample('latest'));
      assert.equal(value.attributes.get('n'), 42);
      assert.equal(value.attributes.get('x'), 1.5);
    });

    it('lists all dense attributes', async () => {
      const dense = await read(hdf5Sample('dense'));
      assert.equal(dense.dense, true);
      assert.equal(dense.entries.length, 13);
      assert.equal(dense.attributes.get('a7'), 'v7');
      const indirect = await read(hdf5Sample('indirect'));
      assert.equal(indirect.entries.length, 41);
      assert.equal(indirect.attributes.get('attr039'), 39);
    });
  });

  describe('when the superblock follows a user block', () => {
    it('finds it at 512 and resolves addresses from there', async () => {
      const f = new FileBuilder({ userBlock: 512 });
      const root = f.place(objectHeaderV1([fixedStringAttribute('model_config', '{}', 1)]));
      const value = await read(f.build(root));
      assert.equal(value.attributes.get('model_config'), '{}');
    });
  });

  describe('when the root header continues in other chunks', () => {
    it('follows v1 continuation messages', async () => {
      const f = new FileBuilder();
      const tail = objectHeaderV1([fixedStringAttribute('second', 'b', 1)]).subarray(16);
      const chunk = f.place(tail);
      const root = f.place(
        objectHeaderV1([fixedStringAttribute('first', 'a', 1), continuation(chunk, tail.length)]),
      );
      const value = await read(f.build(root));
      assert.deepEqual([...value.attributes.keys()], ['first', 'second']);
    });

    it('follows v2 continuation chunks (OCHK)', async () => {
      const f = new FileBuilder({ superblockVersion: 2 });
      const chunkBytes = continuationChunkV2([fixedStringAttribute('second', 'b')]);
      const chunk = f.place(chunkBytes);
      const root = f.place(
        objectHeaderV2([
          fixedStringAttribute('first', 'a', 2),
          continuation(chunk, chunkBytes.length),
        ]),
      );
      const value = await read(f.build(root));
      assert.deepEqual(
        [...value.attributes.entries()],
        [
          ['first', 'a'],
          ['second', 'b'],
        ],
      );
    });
  });

  describe('when values take other shapes', () => {
    it('decodes 1-D string arrays, big-endian and 64-bit integers, and space-padded strings', async () => {
      const f = new FileBuilder();
      const heap = f.nextAddress;
      f.place(
        globalHeap([
          { index: 1, data: Buffer.from('alpha') },
          { index: 2, data: Buffer.from('beta') },
        ]),
      );
      const names = new Writer()
        .bytes(vlenRef(5, heap, 1))
        .bytes(vlenRef(4, heap, 2))
        .done();
      const big = new Writer()
        .u64(2n ** 60n)
        .u64(7)
        .done();
      const root = f.place(
        objectHeaderV1([
          attribute('names', dt.vlenString(), ds.simple([2]), names, 2),
          attribute(
            'be',
            dt.int(4, true, true),
            ds.scalar(),
            Uint8Array.from([0xff, 0xff, 0xff, 0xfe]),
          ),
          attribute('big', dt.int(8, false), ds.simple([2]), big),
          attribute('padded', dt.fixedString(6, 2), ds.scalar(), Buffer.from('ab    ')),
          attribute('empty', dt.vlenString(), ds.scalar(), vlenRef(0, -1n, 0)),
        ]),
      );
      const value = await read(f.build(root));
      assert.deepEqual(value.attributes.get('names'), ['alpha', 'beta']);
      assert.equal(value.attributes.get('be'), -2);
      assert.deepEqual(value.attributes.get('big'), [2n ** 60n, 7]);
      assert.equal(value.attributes.get('padded'), 'ab');
      assert.equal(value.attributes.get('empty'), '');
    });

    it('resolves a committed (shared) datatype through its object header', async () => {
      const f = new FileBuilder({ superblockVersion: 2 });
      const committed = f.place(objectHeaderV2([{ type: 0x03, data: dt.fixedString(2) }]));
      const shared = new Writer().u8(3).u8(2).u64(committed).done();
      const root = f.place(
        objectHeaderV2([
          attribute('model_config', shared, ds.scalar(), Buffer.from('{}'), 3, 0x01),
        ]),
      );
      const value = await read(f.build(root));
      assert.equal(value.attributes.get('model_config'), '{}');
    });
  });

  describe('when an attribute cannot be decoded', () => {
    it('lists it without a value and says why in a non-fatal issue', async () => {
      const f = new FileBuilder();
      const root = f.place(
        objectHeaderV1([
          attribute('odd', dt.compound(), ds.scalar(), new Uint8Array(4), 2),
          fixedStringAttribute('ok', 'y', 2),
        ]),
      );
      const result = await readHdf5RootAttributes(memorySource(f.build(root)), DEFAULT_LIMITS);
      assert.ok(result.ok);
      assert.equal(result.value.entries[0]?.value, undefined);
      assert.equal(result.value.entries[0]?.problem?.code, 'HDF5_UNSUPPORTED_DATATYPE');
      assert.deepEqual(
        result.issues.map((i) => [i.code, i.fatal]),
        [['HDF5_UNSUPPORTED_DATATYPE', undefined]],
      );
      assert.equal(result.value.attributes.get('ok'), 'y');
    });
  });

  describe('when an attribute name repeats', () => {
    it('keeps the first value, lists both and reports the duplicate', async () => {
      const f = new FileBuilder();
      const root = f.place(
        objectHeaderV1([
          fixedStringAttribute('model_config', '{}', 1),
          fixedStringAttribute('model_config', '[]', 3),
        ]),
      );
      const result = await readHdf5RootAttributes(memorySource(f.build(root)), DEFAULT_LIMITS);
      assert.ok(result.ok);
      assert.equal(result.value.attributes.get('model_config'), '{}');
      assert.deepEqual(
        result.value.entries.map((e) => e.value),
        ['{}', '[]'],
      );
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['HDF5_DUPLICATE_ATTRIBUTE'],
      );
    });
  });

  describe('when the file is large', () => {
    it('reads only metadata, never the trailing data', async () => {
      const sample = hdf5Sample('default');
      const size = 512 * 1024 * 1024;
      let requested = 0;
      const source: ByteSource = {
        size,
        read(offset, length) {
          requested += length;
          const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
          if (offset < sample.length)
            out.set(sample.subarray(offset, Math.min(sample.length, offset + length)));
          return Promise.resolve(out);
        },
      };
      const value = await read(source);
      assert.equal(value.attributes.get('model_config'), SAMPLE_CONFIG);
      assert.ok(requested <= 1024 * 1024, `read ${requested} bytes`);
    });
  });
});
