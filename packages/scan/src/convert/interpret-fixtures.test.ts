import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { evaluatePickle, openZip, readEntry } from '@mlsec/formats';
import { interpretCheckpointPickle } from './interpret-state-dict.ts';
import type { StateDictInterpretation } from './interpret-types.ts';

// Checkpoints written by Debian's python3-torch (fixtures/convert/generate.py); the manifest lists what
// torch itself reported about each tensor and storage.
const ROOT = new URL('../../../../fixtures/convert/', import.meta.url);

interface ExpectedTensor {
  name: string;
  dtype: string;
  shape: number[];
  storage: { key: string; numel: number; offset: number; stride: number[] };
  tiedWith: string[];
}
interface Fixture {
  format: string;
  archiveRoot?: string;
  unwrap?: string;
  dropped?: string[];
  tensors: ExpectedTensor[] | number;
  shards?: { file: string; archiveRoot: string; tensors: ExpectedTensor[] }[];
}
const manifest = JSON.parse(readFileSync(new URL('expected/manifest.json', ROOT), 'utf8')) as {
  fixtures: Record<string, Fixture>;
};

async function zipPickle(file: string, archiveRoot: string): Promise<Uint8Array> {
  const zip = await openZip(memorySource(readFileSync(new URL(file, ROOT))), DEFAULT_LIMITS);
  assert.ok(zip.ok);
  const entry = zip.value.entries.find((e) => e.name === `${archiveRoot}/data.pkl`);
  assert.ok(entry !== undefined, `${file} has no ${archiveRoot}/data.pkl`);
  const bytes = await readEntry(zip.value, entry, { maxBytes: DEFAULT_LIMITS.maxBytes });
  assert.ok(bytes.ok);
  return bytes.value;
}

/** A legacy torch.save file: magic number, protocol, sys_info pickles, then the main one. */
function legacyPickle(file: string): Uint8Array {
  let bytes: Uint8Array = readFileSync(new URL(file, ROOT));
  for (let i = 0; i < 3; i++) {
    const skipped = evaluatePickle(bytes, DEFAULT_LIMITS);
    assert.ok(skipped.ok);
    bytes = bytes.subarray(skipped.value.analysis.end);
  }
  return bytes;
}

function interpret(bytes: Uint8Array): StateDictInterpretation {
  const result = interpretCheckpointPickle(bytes, DEFAULT_LIMITS);
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.refusal));
  return result.value;
}

function assertMatches(value: StateDictInterpretation, expected: readonly ExpectedTensor[]): void {
  assert.deepEqual(
    value.tensors.map((t) => [
      t.name,
      t.dtype,
      t.shape,
      t.storageKey,
      t.storageNumel,
      t.storageOffset,
      t.stride,
    ]),
    expected.map((t) => [
      t.name,
      t.dtype,
      t.shape,
      t.storage.key,
      t.storage.numel,
      t.storage.offset,
      t.storage.stride,
    ]),
  );
  const tied = value.tied.flatMap((group) =>
    group.map((name) => [name, group.filter((n) => n !== name)]),
  );
  assert.deepEqual(
    Object.fromEntries(tied),
    Object.fromEntries(
      expected.filter((t) => t.tiedWith.length > 0).map((t) => [t.name, t.tiedWith]),
    ),
  );
}

describe('interpretStateDict on checkpoints written by torch', () => {
  for (const [file, fixture] of Object.entries(manifest.fixtures)) {
    if (fixture.format === 'pytorch-zip') {
      it(`reads ${file} to exactly the manifest's tensors`, async () => {
        const value = interpret(await zipPickle(file, fixture.archiveRoot ?? ''));
        assertMatches(value, fixture.tensors as ExpectedTensor[]);
        assert.equal(value.unwrapped, fixture.unwrap);
        for (const key of fixture.dropped ?? []) {
          assert.ok(
            value.notices.some(
              (n) => n.startsWith(`${key} dropped`) || n.endsWith(`state ${key} dropped`),
            ),
            `no notice for ${key}: ${value.notices.join('; ')}`,
          );
        }
      });
    } else if (fixture.format === 'pytorch-legacy') {
      it(`reads ${file} (legacy format) to exactly the manifest's tensors`, () => {
        assertMatches(interpret(legacyPickle(file)), fixture.tensors as ExpectedTensor[]);
      });
    } else if (fixture.format === 'hf-sharded') {
      for (const shard of fixture.shards ?? []) {
        it(`reads shard ${shard.file} to exactly the manifest's tensors`, async () => {
          const value = interpret(await zipPickle(`${file}/${shard.file}`, shard.archiveRoot));
          assertMatches(value, shard.tensors);
        });
      }
    }
  }
});
