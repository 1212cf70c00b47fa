import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import type { ByteSource } from '@mlsec/core';
import { evaluatePickle } from '@mlsec/formats';
import { ConvertRefusedError, locateCheckpoint } from './checkpoint-source.ts';

// legacy.pt: torch 1.13's legacy format (magic, protocol, sys_info, main pickle, storage keys, data).
const LEGACY = readFileSync(new URL('../../../../fixtures/convert/legacy.pt', import.meta.url));
const MiB = 1024 * 1024;

/** Offset of the main pickle: after the magic number, protocol version and sys_info pickles. */
function mainPickleOffset(bytes: Uint8Array): number {
  let at = 0;
  for (let i = 0; i < 3; i++) {
    const side = evaluatePickle(bytes.subarray(at), DEFAULT_LIMITS);
    assert.ok(side.ok);
    at += side.value.analysis.end;
  }
  return at;
}

/** legacy.pt with `insert` placed right after the main pickle's PROTO opcode. */
function withInsert(insert: Uint8Array, trailing = 0): Uint8Array {
  const at = mainPickleOffset(LEGACY);
  assert.equal(LEGACY[at], 0x80, 'the main pickle opens with PROTO');
  return Buffer.concat([
    LEGACY.subarray(0, at + 2),
    insert,
    LEGACY.subarray(at + 2),
    Buffer.alloc(trailing),
  ]);
}

/** A ByteSource that counts the bytes read from it. */
function counting(bytes: Uint8Array): ByteSource & { readonly read_: () => number } {
  const inner = memorySource(bytes);
  let total = 0;
  return {
    size: inner.size,
    read: async (offset, length) => {
      const got = await inner.read(offset, length);
      total += got.length;
      return got;
    },
    read_: () => total,
  };
}

describe('locateCheckpoint on a legacy file', () => {
  it('reads pickles that run past the first 1 MiB prefix by doubling it', async () => {
    // BINUNICODE of 1.5 MiB then POP: a main pickle longer than the first prefix, same value.
    const text = Buffer.alloc(1.5 * MiB, 0x61);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length);
    const big = withInsert(Buffer.concat([Buffer.from([0x58]), length, text, Buffer.from([0x30])]));
    const plain = await locateCheckpoint(memorySource(LEGACY), DEFAULT_LIMITS);
    const located = await locateCheckpoint(memorySource(big), DEFAULT_LIMITS);
    assert.equal(located.format, 'pytorch-legacy');
    assert.deepEqual(located.interpretation.tensors, plain.interpretation.tensors);
    for (const [key, storage] of plain.storages) {
      const other = located.storages.get(key);
      assert.ok(other);
      assert.deepEqual(await other.read(0, other.size), await storage.read(0, storage.size));
    }
  });

  it('does not read further when the pickle is malformed rather than cut off', async () => {
    // 0xff is no opcode; 8 MiB of trailing bytes would have invited prefixes up to 8 MiB.
    const source = counting(withInsert(Buffer.from([0xff]), 8 * MiB));
    await assert.rejects(locateCheckpoint(source, DEFAULT_LIMITS), (error: unknown) => {
      assert.ok(error instanceof ConvertRefusedError);
      assert.equal(error.refusal.code, 'malformed');
      assert.equal(error.refusal.issue, 'PICKLE_UNKNOWN_OPCODE');
      return true;
    });
    assert.ok(source.read_() <= MiB + 1, `read ${source.read_()} bytes`);
  });
});
