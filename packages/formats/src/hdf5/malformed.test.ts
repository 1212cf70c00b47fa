import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { readHdf5RootAttributes } from './read-attributes.ts';
import type { Hdf5ReadOptions, Hdf5RootAttributes } from './read-attributes.ts';
import {
  FileBuilder,
  Writer,
  attribute,
  continuation,
  ds,
  dt,
  fixedStringAttribute,
  globalHeap,
  objectHeaderV1,
  vlenRef,
} from './testing/builder.ts';
import { hdf5Sample } from './testing/samples.ts';

function parse(
  bytes: Uint8Array,
  limits: Limits = DEFAULT_LIMITS,
  options: Hdf5ReadOptions = {},
): Promise<ParseResult<Hdf5RootAttributes>> {
  return readHdf5RootAttributes(memorySource(bytes), limits, options);
}

async function fatalCode(
  bytes: Uint8Array,
  limits?: Limits,
  options?: Hdf5ReadOptions,
): Promise<string | undefined> {
  const result = await parse(bytes, limits, options);
  assert.equal(result.ok, false, 'expected a fatal issue');
  return result.issues.find((i) => i.fatal)?.code;
}

/** A file whose root header is one v1 chunk plus whatever `extra` messages the test adds. */
function withRoot(build: (f: FileBuilder) => Uint8Array): Uint8Array {
  const f = new FileBuilder();
  return f.build(f.place(build(f)));
}

describe('readHdf5RootAttributes on malformed input', () => {
  runMalformedSuite({
    name: 'readHdf5RootAttributes',
    parse,
    samples: [
      { name: 'fixed', bytes: hdf5Sample('fixed'), truncation: 'fail' },
      // v2 headers, global heaps, dense and indirect storage: every 11th cut keeps the folder fast.
      ...(['default', 'latest', 'dense', 'indirect'] as const).map((name) => ({
        name,
        bytes: hdf5Sample(name),
        stride: 11,
      })),
    ],
    limits: makeLimits({ maxEntries: 10_000 }),
    emptyCode: 'HDF5_NO_SUPERBLOCK',
    // Most metadata sits in the first 2 KB; aim there more often than not.
    flips: { rounds: 400, seed: 0x5eed, focus: { bytes: 2048, share: 0.7 } },
  });

  describe('when the input is not HDF5', () => {
    it('reports HDF5_NO_SUPERBLOCK', async () => {
      assert.equal(await fatalCode(new Uint8Array(5000).fill(0x41)), 'HDF5_NO_SUPERBLOCK');
    });
  });

  describe('when continuation messages form a cycle', () => {
    it('reports HDF5_CONTINUATION_LOOP for a chunk that continues into itself', async () => {
      const f = new FileBuilder();
      const address = f.nextAddress;
      const chunk = objectHeaderV1([continuation(address + 16, 24)]);
      f.place(chunk);
      assert.equal(await fatalCode(f.build(address)), 'HDF5_CONTINUATION_LOOP');
    });

    it('reports HDF5_CONTINUATION_LOOP for two chunks that continue into each other', async () => {
      const f = new FileBuilder();
      const a = f.nextAddress;
      const b = a + 24; // each chunk is one 24-byte continuation message
      f.place(objectHeaderV1([continuation(b, 24)]).subarray(16));
      f.place(objectHeaderV1([continuation(a, 24)]).subarray(16));
      const root = f.place(objectHeaderV1([continuation(a, 24)]));
      assert.equal(await fatalCode(f.build(root)), 'HDF5_CONTINUATION_LOOP');
    });
  });

  describe('when lengths are huge', () => {
    it('reports a continuation chunk far past the end of the file', async () => {
      const bytes = withRoot(() => objectHeaderV1([continuation(64, 2 ** 40)]));
      assert.equal(await fatalCode(bytes), 'HDF5_ADDRESS_OUT_OF_RANGE');
    });

    it('reports a 64-bit address past 2^53', async () => {
      const bytes = withRoot(() =>
        objectHeaderV1([
          {
            type: 0x10,
            data: new Writer()
              .u64(2n ** 62n)
              .u64(8)
              .done(),
          },
        ]),
      );
      assert.equal(await fatalCode(bytes), 'HDF5_INTEGER_TOO_LARGE');
    });

    it('reports a dataspace of 2^40 elements on the attribute, not as a crash', async () => {
      const bytes = withRoot(() =>
        objectHeaderV1([
          attribute('model_config', dt.int(1), ds.simple([2n ** 40n]), new Uint8Array(8)),
        ]),
      );
      const result = await parse(bytes);
      assert.ok(result.ok);
      assert.equal(result.value.entries[0]?.problem?.code, 'HDF5_TOO_MANY_ENTRIES');
    });

    it('reports a variable-length string longer than its heap object, or than the value limit', async () => {
      for (const [length, code] of [
        [100, 'HDF5_HEAP_OBJECT_SHORT'],
        [2 ** 31, 'HDF5_VALUE_TOO_LARGE'],
      ] as const) {
        const bytes = withRoot((f) => {
          const heap = f.place(globalHeap([{ index: 1, data: Buffer.from('{}') }]));
          return objectHeaderV1([
            attribute('model_config', dt.vlenString(), ds.scalar(), vlenRef(length, heap, 1)),
          ]);
        });
        const result = await parse(bytes);
        assert.ok(result.ok);
        assert.equal(result.value.entries[0]?.problem?.code, code);
      }
    });

    it('reports a global heap collection that claims more bytes than the file has', async () => {
      const bytes = withRoot((f) => {
        const heap = f.place(globalHeap([{ index: 1, data: Buffer.from('{}') }], 2 ** 40));
        return objectHeaderV1([
          attribute('model_config', dt.vlenString(), ds.scalar(), vlenRef(2, heap, 1)),
        ]);
      });
      const result = await parse(bytes);
      assert.ok(result.ok);
      assert.equal(result.value.entries[0]?.problem?.code, 'HDF5_ADDRESS_OUT_OF_RANGE');
    });

    it('reports a missing heap object', async () => {
      const bytes = withRoot((f) => {
        const heap = f.place(globalHeap([{ index: 1, data: Buffer.from('{}') }]));
        return objectHeaderV1([
          attribute('model_config', dt.vlenString(), ds.scalar(), vlenRef(2, heap, 9)),
        ]);
      });
      const result = await parse(bytes);
      assert.ok(result.ok);
      assert.equal(result.value.entries[0]?.problem?.code, 'HDF5_HEAP_OBJECT_MISSING');
    });
  });

  describe('when limits are overrun', () => {
    it('stops at maxEntries attributes (dense storage)', async () => {
      assert.equal(
        await fatalCode(hdf5Sample('dense'), makeLimits({ maxEntries: 5 })),
        'HDF5_TOO_MANY_ENTRIES',
      );
    });

    it('stops at maxEntries header messages', async () => {
      const bytes = withRoot(() =>
        objectHeaderV1(Array.from({ length: 20 }, (_, i) => fixedStringAttribute(`a${i}`, 'x', 1))),
      );
      assert.equal(await fatalCode(bytes, makeLimits({ maxEntries: 10 })), 'HDF5_TOO_MANY_ENTRIES');
    });

    it('refuses a value larger than maxValueBytes, keeping the other attributes', async () => {
      const result = await parse(hdf5Sample('default'), DEFAULT_LIMITS, { maxValueBytes: 50 });
      assert.ok(result.ok);
      assert.equal(result.value.entries[0]?.problem?.code, 'HDF5_VALUE_TOO_LARGE');
      assert.equal(result.value.attributes.get('backend'), 'tensorflow');
    });

    it('refuses an attribute name longer than maxStringLength', async () => {
      const bytes = withRoot(() => objectHeaderV1([fixedStringAttribute('n'.repeat(300), 'x', 1)]));
      assert.equal(
        await fatalCode(bytes, makeLimits({ maxStringLength: 100 })),
        'HDF5_STRING_TOO_LONG',
      );
    });

    it('stops reading metadata past maxMetadataBytes', async () => {
      assert.equal(
        await fatalCode(hdf5Sample('indirect'), DEFAULT_LIMITS, { maxMetadataBytes: 100 }),
        'HDF5_READ_LIMIT',
      );
    });
  });

  describe('when dense storage is damaged', () => {
    it('reports a B-tree whose node points back at itself', async () => {
      const bytes = hdf5Sample('indirect');
      const view = new DataView(bytes.buffer);
      const header = Buffer.from(bytes).indexOf('BTHD');
      const node = Buffer.from(bytes).indexOf('BTIN');
      assert.ok(header > 0 && node > 0);
      // BTHD: signature, version, type, node size, record size, depth, split, merge, root, root records.
      const rootRecords = view.getUint16(header + 24, true);
      // BTIN: signature, version, type, records of 17 bytes, then the first child's address.
      view.setBigUint64(node + 6 + rootRecords * 17, BigInt(node), true);
      assert.equal(await fatalCode(bytes), 'HDF5_BTREE_LOOP');
    });

    it('reports a fractal heap with I/O filters as HDF5_DENSE_ATTRIBUTES_UNSUPPORTED', async () => {
      const bytes = hdf5Sample('dense');
      const heap = Buffer.from(bytes).indexOf('FRHP');
      new DataView(bytes.buffer).setUint16(heap + 7, 12, true); // I/O filters' encoded length
      assert.equal(await fatalCode(bytes), 'HDF5_DENSE_ATTRIBUTES_UNSUPPORTED');
    });

    it('reports a shared attribute message as unsupported', async () => {
      const bytes = withRoot(() =>
        objectHeaderV1([{ ...fixedStringAttribute('model_config', '{}', 1), flags: 0x02 }]),
      );
      assert.equal(await fatalCode(bytes), 'HDF5_SHARED_MESSAGE_UNSUPPORTED');
    });
  });
});
