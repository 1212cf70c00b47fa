import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import type { Readable } from 'node:stream';
import { ContentStore, EncryptedBlobStore } from '../blobs/index.ts';
import { bytes, pieces, sha256 } from '../blobs/testing/blob-data.ts';
import type { SuiteTarget } from '../blobs/testing/blob-store-suite.ts';
import { directoryTarget } from '../blobs/testing/directory-target.ts';
import { s3Target } from '../blobs/testing/s3-target.ts';
import type { LogEntry } from '../events/entries.ts';
import { replay } from '../events/replay.ts';
import type { RegistryState } from '../events/replay.ts';
import { verifyBlobs } from './verify-blobs.ts';
import type { BlobCheckProgress } from './verify-blobs.ts';

const AT = '2026-11-01T00:00:00.000Z';
const kek = randomBytes(32);

/** The replayed state of a log registering `versions` (version id → path → bytes) in team/bert. */
function stateOf(versions: Record<string, Record<string, Buffer>>): RegistryState {
  const entries: LogEntry[] = [
    { kind: 'namespace_created', namespace: 'team', public: false, by: 'ada', at: AT },
  ];
  for (const [version, files] of Object.entries(versions)) {
    entries.push({
      kind: 'version_registered',
      namespace: 'team',
      model: 'bert',
      version,
      manifestSha256: sha256(Buffer.from(version)),
      files: Object.entries(files).map(([path, data]) => ({
        path,
        sha256: sha256(data),
        size: data.length,
      })),
      signatureSha256: null,
      provenanceSha256: null,
      by: 'ci',
      at: AT,
    });
  }
  const { state, issues } = replay(entries);
  assert.deepEqual(issues, []);
  return state;
}

const TARGETS: readonly [string, () => Promise<SuiteTarget>][] = [
  ['a directory', () => directoryTarget()],
  ['s3rver', () => s3Target()],
  ['an encrypted directory', () => directoryTarget((inner) => new EncryptedBlobStore(inner, kek))],
];

for (const [name, open] of TARGETS) {
  describe(`verifyBlobs over ${name}`, () => {
    let target: SuiteTarget;
    // Four blobs over three versions: `shared` is used by two versions under two paths.
    const blob = {
      weights: bytes(300_001),
      shared: Buffer.from('{"architectures":["Bert"]}\n'),
      vocab: bytes(70_000),
      head: bytes(1234),
    };
    const state = stateOf({
      '1': { 'model.safetensors': blob.weights, 'config.json': blob.shared },
      '2': { 'config.json': blob.shared, 'tokenizer/vocab.txt': blob.vocab },
      '3': { 'heads/head.bin': blob.head },
    });
    before(async () => {
      target = await open();
      for (const data of Object.values(blob))
        await target.store.put(pieces(data), { maxBytes: data.length });
    });
    after(() => target.close());

    it('finds nothing wrong with untouched blobs, and reports its progress to the last byte', async () => {
      const seen: BlobCheckProgress[] = [];
      assert.deepEqual(
        await verifyBlobs(state, target.store, { onProgress: (p) => seen.push(p) }),
        [],
      );
      const total = Object.values(blob).reduce((n, b) => n + b.length, 0);
      assert.deepEqual(seen.at(-1), {
        blobsDone: 4,
        blobsTotal: 4,
        bytesDone: total,
        bytesTotal: total,
      });
      assert.ok(seen.every((p, i) => i === 0 || p.bytesDone >= (seen[i - 1]?.bytesDone ?? 0)));
    });

    it('names a changed blob, a truncated one and a missing one, with every version using each', async () => {
      const stored = await target.readStored(sha256(blob.shared));
      stored[stored.length - 1] = (stored[stored.length - 1] ?? 0) ^ 1;
      await target.writeStored(sha256(blob.shared), stored);
      const vocab = await target.readStored(sha256(blob.vocab));
      await target.writeStored(sha256(blob.vocab), vocab.subarray(0, vocab.length - 1000));
      assert.equal(await target.store.remove(sha256(blob.head)), true);

      const problems = await verifyBlobs(state, target.store);
      const expected = [
        {
          digest: sha256(blob.shared),
          why: /stored bytes differ/,
          uses: 'team/bert@1:config.json, team/bert@2:config.json',
        },
        {
          digest: sha256(blob.vocab),
          why: /stored bytes differ/,
          uses: 'team/bert@2:tokenizer/vocab.txt',
        },
        {
          digest: sha256(blob.head),
          why: /^missing from the blob store/,
          uses: 'team/bert@3:heads/head.bin',
        },
      ].sort((a, b) => (a.digest < b.digest ? -1 : 1));
      assert.deepEqual(
        problems.map((p) => p.where),
        expected.map((e) => `blobs(sha256:${e.digest})`),
      );
      for (const [i, e] of expected.entries()) {
        assert.match(problems[i]?.message ?? '', e.why);
        assert.ok(problems[i]?.message.endsWith(`; used by ${e.uses}`), problems[i]?.message);
      }
    });
  });
}

describe('verifyBlobs', () => {
  it('throws a store failure instead of reporting every blob as tampered', async () => {
    const target = await directoryTarget();
    try {
      const data = bytes(10);
      await target.store.put(pieces(data), { maxBytes: 10 });
      // The real store, except that reading fails as an unreachable bucket does.
      const down = new (class extends ContentStore {
        override get(): Promise<Readable> {
          return Promise.reject(new MlsecError('REGISTRY_BLOB_STORE_FAILED', 'bucket unreachable'));
        }
      })(target.backend);
      await assert.rejects(
        verifyBlobs(stateOf({ '1': { 'a.bin': data } }), down),
        /bucket unreachable/,
      );
    } finally {
      await target.close();
    }
  });

  it('names a blob whose bytes hash right but whose size is not the logged one', async () => {
    const target = await directoryTarget();
    try {
      const data = bytes(10);
      await target.store.put(pieces(data), { maxBytes: 10 });
      const state = stateOf({ '1': { 'a.bin': data } });
      const version = [...state.versions.values()][0];
      assert.ok(version !== undefined);
      Object.assign(version, { files: [{ path: 'a.bin', sha256: sha256(data), size: 11 }] });
      assert.deepEqual(await verifyBlobs(state, target.store), [
        {
          where: `blobs(sha256:${sha256(data)})`,
          message: 'holds 10 bytes; the log says 11; used by team/bert@1:a.bin',
        },
      ]);
    } finally {
      await target.close();
    }
  });

  it('names at most five uses of one blob, then how many more', async () => {
    const target = await directoryTarget();
    try {
      const data = bytes(10);
      const versions = Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [String(i + 1), { 'a.bin': data }]),
      );
      const [problem] = await verifyBlobs(stateOf(versions), target.store);
      assert.match(
        problem?.message ?? '',
        /used by team\/bert@1:a\.bin, .*team\/bert@5:a\.bin and 3 more$/,
      );
    } finally {
      await target.close();
    }
  });
});
