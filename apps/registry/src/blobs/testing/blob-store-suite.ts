import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BlobStore } from '../blob-store.ts';
import { abortedSource, bytes, collect, pieces, rejectsWith, sha256 } from './blob-data.ts';

const MiB = 1024 * 1024;

/** One store under test, with raw access to what it keeps (to tamper behind its back). */
export interface SuiteTarget {
  readonly store: BlobStore;
  /** The stored bytes (ciphertext for an encrypted store). */
  readStored(sha256: string): Promise<Buffer>;
  /** Replace the stored bytes behind the store. */
  writeStored(sha256: string, data: Buffer): Promise<void>;
  /** How many temporaries are left (files in tmp/, objects under tmp/). */
  temporaries(): Promise<number>;
  /** Leave a temporary as a crashed put would. */
  leaveTemporary(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The behaviour every BlobStore shares, run against each store (hono runs one router suite against
 * every router the same way).
 */
export function blobStoreSuite(name: string, open: () => Promise<SuiteTarget>): void {
  describe(`${name}: the shared BlobStore suite`, () => {
    let target: SuiteTarget;
    before(async () => {
      target = await open();
    });
    after(async () => {
      await target.close();
    });

    // First, while the heap is still small, so that earlier tests cannot hide a growth.
    it('streams a 64 MiB blob both ways with flat memory', async (t) => {
      const total = 64 * MiB;
      const template = bytes(MiB);
      const hash = createHash('sha256');
      let peak = 0;
      let samples = 0;
      let peakHeap = 0;
      const sample = (): void => {
        const usage = process.memoryUsage();
        peak = Math.max(peak, usage.rss);
        peakHeap = Math.max(peakHeap, usage.heapUsed + usage.arrayBuffers);
        // Collect every 2 chunks: what is measured is what the store holds on to, not how lazily V8
        // returns garbage (without it RSS floats up by the blob's size whatever the code keeps).
        if (++samples % 2 === 0) collectGarbage();
      };
      async function* source(): AsyncGenerator<Uint8Array> {
        let sent = 0;
        await Promise.resolve();
        for (let i = 0; sent < total; i++) {
          const size = Math.min(total - sent, 999_983 - (i % 7) * 1000);
          const piece = template.subarray(i % 1000, (i % 1000) + size);
          hash.update(piece);
          sent += size;
          sample();
          yield piece;
        }
      }
      collectGarbage();
      const base = process.memoryUsage().rss;
      const baseHeap = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      const put = await target.store.put(source(), { maxBytes: total });
      assert.equal(put.sha256, hash.digest('hex'));
      const putGrowth = peak - base;
      const readHash = createHash('sha256');
      let read = 0;
      for await (const piece of await target.store.get(put.sha256)) {
        readHash.update(piece as Buffer);
        read += (piece as Buffer).length;
        sample();
      }
      assert.equal(read, total);
      assert.equal(readHash.digest('hex'), put.sha256);
      const growth = peak - base;
      t.diagnostic(
        `RSS growth: put ${(putGrowth / MiB).toFixed(1)} MiB, put+get ${(growth / MiB).toFixed(1)} MiB; heap+buffers ${((peakHeap - baseHeap) / MiB).toFixed(1)} MiB`,
      );
      assert.ok(
        growth < 40 * MiB,
        `RSS grew by ${(growth / MiB).toFixed(1)} MiB for a 64 MiB blob`,
      );
    });

    for (const [label, length] of [
      ['an empty blob', 0],
      ['a 1-byte blob', 1],
      ['a 5.3 MiB blob in odd chunk sizes', Math.floor(5.3 * MiB)],
      ['an 11 MiB blob in odd chunk sizes', 11 * MiB + 17],
    ] as const) {
      it(`round-trips ${label}`, async () => {
        const data = bytes(length);
        const put = await target.store.put(pieces(data), { maxBytes: 64 * MiB });
        assert.deepEqual(put, { sha256: sha256(data), size: length, created: true });
        assert.equal(await target.store.has(put.sha256), true);
        assert.deepEqual(await target.store.stat(put.sha256), { sha256: put.sha256, size: length });
        const back = await collect(await target.store.get(put.sha256));
        assert.equal(back.length, length);
        assert.ok(back.equals(data), 'the bytes read back differ');
        assert.equal(await target.temporaries(), 0);
      });
    }

    it('round-trips a multi-part blob put with its expected digest', async () => {
      const data = bytes(6 * MiB + 5);
      const put = await target.store.put(pieces(data), {
        maxBytes: data.length,
        expectedSha256: sha256(data),
      });
      assert.equal(put.created, true);
      assert.ok((await collect(await target.store.get(put.sha256))).equals(data));
      assert.equal(await target.temporaries(), 0);
    });

    it('stores a digest once: a second put of the same bytes is a no-op', async () => {
      const data = bytes(70_000);
      const first = await target.store.put(pieces(data), { maxBytes: MiB });
      const stored = await target.readStored(first.sha256);
      const again = await target.store.put(pieces(data, [4096]), { maxBytes: MiB });
      assert.deepEqual(again, { ...first, created: false });
      const withDigest = await target.store.put(pieces(data), {
        maxBytes: MiB,
        expectedSha256: first.sha256,
      });
      assert.deepEqual(withDigest, { ...first, created: false });
      assert.ok((await target.readStored(first.sha256)).equals(stored), 'a dedup rewrote the blob');
      assert.equal(await target.temporaries(), 0);
    });

    for (const length of [1000, 6 * MiB]) {
      it(`stores nothing when ${length} bytes do not match the expected digest`, async () => {
        const data = bytes(length);
        const wrong = sha256(bytes(8));
        await rejectsWith(
          () => target.store.put(pieces(data), { maxBytes: 8 * MiB, expectedSha256: wrong }),
          'REGISTRY_BLOB_DIGEST_MISMATCH',
        );
        assert.equal(await target.store.has(wrong), false);
        assert.equal(await target.store.has(sha256(data)), false);
        assert.equal(await target.temporaries(), 0);
      });
    }

    it('refuses other bytes claimed under a digest it already has (they are hashed, not trusted)', async () => {
      const data = bytes(3000);
      const { sha256: digest } = await target.store.put(pieces(data), { maxBytes: MiB });
      await rejectsWith(
        () => target.store.put(pieces(bytes(3000)), { maxBytes: MiB, expectedSha256: digest }),
        'REGISTRY_BLOB_DIGEST_MISMATCH',
      );
      assert.ok((await collect(await target.store.get(digest))).equals(data));
    });

    it('stores nothing past maxBytes', async () => {
      const data = bytes(6 * MiB);
      await rejectsWith(
        () => target.store.put(pieces(data), { maxBytes: 6 * MiB - 1 }),
        'REGISTRY_BLOB_TOO_LARGE',
      );
      assert.equal(await target.store.has(sha256(data)), false);
      assert.equal(await target.temporaries(), 0);
    });

    it('leaves no blob and no temporary when the source fails mid-stream', async () => {
      const data = bytes(7 * MiB);
      await assert.rejects(
        () => target.store.put(abortedSource(data, 6 * MiB), { maxBytes: 8 * MiB }),
        /client went away/,
      );
      assert.equal(await target.store.has(sha256(data)), false);
      assert.equal(await target.store.has(sha256(data.subarray(0, 6 * MiB))), false);
      assert.equal(await target.temporaries(), 0);
    });

    for (const [label, tamper] of [
      ['a flipped byte', flipMiddle],
      ['a truncation', (b: Buffer) => b.subarray(0, b.length - 1)],
      ['a truncation to half', (b: Buffer) => b.subarray(0, b.length >> 1)],
      ['an extension', (b: Buffer) => Buffer.concat([b, Buffer.from([0])])],
    ] as const) {
      it(`fails the read stream with REGISTRY_BLOB_CORRUPT after ${label} in storage`, async () => {
        const data = bytes(2 * MiB + 333);
        const { sha256: digest } = await target.store.put(pieces(data), { maxBytes: 4 * MiB });
        await target.writeStored(digest, tamper(await target.readStored(digest)));
        await rejectsWith(
          async () => collect(await target.store.get(digest)),
          'REGISTRY_BLOB_CORRUPT',
        );
      });
    }

    it('says REGISTRY_BLOB_NOT_FOUND and REGISTRY_BLOB_BAD_DIGEST', async () => {
      const missing = sha256(bytes(16));
      await rejectsWith(() => target.store.get(missing), 'REGISTRY_BLOB_NOT_FOUND');
      assert.equal(await target.store.stat(missing), undefined);
      assert.equal(await target.store.has(missing), false);
      for (const bad of ['../../etc/passwd', missing.toUpperCase(), `${missing}0`, '']) {
        await rejectsWith(() => target.store.get(bad), 'REGISTRY_BLOB_BAD_DIGEST');
        await rejectsWith(() => target.store.has(bad), 'REGISTRY_BLOB_BAD_DIGEST');
      }
      await rejectsWith(
        () => target.store.put(pieces(bytes(1)), { maxBytes: -1 }),
        'REGISTRY_BLOB_BAD_OPTIONS',
      );
    });

    it('sweeps only temporaries older than the given age', async () => {
      await target.leaveTemporary();
      assert.equal(await target.temporaries(), 1);
      assert.equal(await target.store.sweep({ olderThanMs: 60_000 }), 0);
      assert.equal(await target.temporaries(), 1);
      assert.equal(await target.store.sweep({ olderThanMs: 0 }), 1);
      assert.equal(await target.temporaries(), 0);
    });

    it('removes a blob only through the admin remove', async () => {
      const { sha256: digest } = await target.store.put(pieces(bytes(10)), { maxBytes: 10 });
      assert.equal(await target.store.remove(digest), true);
      assert.equal(await target.store.has(digest), false);
      assert.equal(await target.store.remove(digest), false);
    });
  });
}

/** A copy of `b` with one bit of its middle byte flipped. */
function flipMiddle(b: Buffer): Buffer {
  const copy = Buffer.from(b);
  const at = copy.length >> 1;
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A full garbage collection (test only: the flag is set for this process at load time). */
function collectGarbage(): void {
  gc();
}
