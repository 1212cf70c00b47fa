import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CHUNK_SIZE, encryptedPlainSize } from './aes-gcm-codec.ts';
import { EncryptedBlobStore } from './encrypted-store.ts';
import { blobStoreSuite } from './testing/blob-store-suite.ts';
import { bytes, collect, pieces, rejectsWith, sha256 } from './testing/blob-data.ts';
import { directoryTarget } from './testing/directory-target.ts';
import { s3Target } from './testing/s3-target.ts';

const kek = randomBytes(32);
blobStoreSuite('EncryptedBlobStore over a directory', () =>
  directoryTarget((inner) => new EncryptedBlobStore(inner, kek)),
);
blobStoreSuite('EncryptedBlobStore over s3rver', () =>
  s3Target((inner) => new EncryptedBlobStore(inner, kek)),
);

const HEADER = 80;
const SEALED = CHUNK_SIZE + 16;

describe('EncryptedBlobStore', () => {
  let target: Awaited<ReturnType<typeof directoryTarget>>;
  before(async () => {
    target = await directoryTarget((inner) => new EncryptedBlobStore(inner, kek));
  });
  after(() => target.close());

  async function stored(length: number): Promise<{ data: Buffer; digest: string; raw: Buffer }> {
    const data = bytes(length);
    const { sha256: digest } = await target.store.put(pieces(data), { maxBytes: length });
    return { data, digest, raw: await target.readStored(digest) };
  }

  it('keeps the plaintext digest as the address and stores no plaintext run', async () => {
    const data = Buffer.alloc(3 * CHUNK_SIZE, 0x41);
    const put = await target.store.put(pieces(data), { maxBytes: data.length });
    assert.equal(put.sha256, sha256(data));
    const raw = await target.readStored(put.sha256);
    assert.equal(raw.length, HEADER + 3 * SEALED);
    assert.equal(raw.includes(Buffer.alloc(64, 0x41)), false);
  });

  it('gives two puts of the same bytes different ciphertexts (random data key)', async () => {
    const data = bytes(1000);
    const other = await directoryTarget((inner) => new EncryptedBlobStore(inner, kek));
    try {
      const a = await target.store.put(pieces(data), { maxBytes: 1000 });
      const b = await other.store.put(pieces(data), { maxBytes: 1000 });
      assert.equal(a.sha256, b.sha256);
      assert.equal(
        (await target.readStored(a.sha256)).equals(await other.readStored(b.sha256)),
        false,
      );
    } finally {
      await other.close();
    }
  });

  it('refuses a store opened with another KEK with REGISTRY_BLOB_KEY_MISMATCH', async () => {
    const { digest } = await stored(5000);
    const wrong = new EncryptedBlobStore({ backend: target.backend }, randomBytes(32));
    await rejectsWith(async () => collect(await wrong.get(digest)), 'REGISTRY_BLOB_KEY_MISMATCH');
  });

  it('detects swapped chunks, a dropped final chunk and a repeated chunk', async () => {
    const { digest, raw } = await stored(3 * CHUNK_SIZE + 100);
    const chunk = (i: number): Buffer =>
      raw.subarray(HEADER + i * SEALED, HEADER + (i + 1) * SEALED);
    const head = raw.subarray(0, HEADER);
    const last = raw.subarray(HEADER + 3 * SEALED);
    for (const forged of [
      Buffer.concat([head, chunk(1), chunk(0), chunk(2), last]),
      Buffer.concat([head, chunk(0), chunk(1), chunk(2)]),
      Buffer.concat([head, chunk(0), chunk(0), chunk(1), chunk(2), last]),
      Buffer.concat([head, chunk(0), chunk(1), chunk(2), last, last]),
    ]) {
      await target.writeStored(digest, forged);
      await rejectsWith(
        async () => collect(await target.store.get(digest)),
        'REGISTRY_BLOB_CORRUPT',
      );
    }
  });

  it('detects a blob moved under another digest before any byte is trusted', async () => {
    const a = await stored(2000);
    const b = await stored(2000);
    await target.writeStored(b.digest, a.raw);
    await rejectsWith(
      async () => collect(await target.store.get(b.digest)),
      'REGISTRY_BLOB_CORRUPT',
    );
  });

  it('detects a changed header (chunk size, wrapped key)', async () => {
    const { digest, raw } = await stored(10);
    for (const at of [9, 40, HEADER - 1]) {
      const forged = Buffer.from(raw);
      forged[at] = (forged[at] ?? 0) ^ 0x80;
      await target.writeStored(digest, forged);
      await rejectsWith(
        async () => collect(await target.store.get(digest)),
        'REGISTRY_BLOB_CORRUPT',
      );
    }
  });

  it('reports the plaintext size in stat and maps every stored size back', async () => {
    const { digest } = await stored(CHUNK_SIZE);
    assert.deepEqual(await target.store.stat(digest), { sha256: digest, size: CHUNK_SIZE });
    for (const plain of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 5 * CHUNK_SIZE + 7]) {
      const chunks = Math.max(1, Math.ceil(plain / CHUNK_SIZE));
      assert.equal(encryptedPlainSize(HEADER + plain + 16 * chunks), plain);
    }
    assert.equal(encryptedPlainSize(HEADER + 15), undefined);
    assert.equal(encryptedPlainSize(HEADER + SEALED + 16), undefined); // an empty non-first chunk
  });

  it('refuses a KEK that is not 32 bytes', () => {
    assert.throws(() => new EncryptedBlobStore({ backend: target.backend }, randomBytes(16)), {
      code: 'REGISTRY_BLOB_BAD_OPTIONS',
    });
  });
});
