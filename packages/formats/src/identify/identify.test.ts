import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { identify } from './identify.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)),
  );

function u64(n: bigint): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return [...b];
}

describe('identify', () => {
  it('names formats by magic number, whatever the file is called', () => {
    assert.equal(identify(bytes('PK', [3, 4]), new Uint8Array(), 100), 'zip');
    assert.equal(identify(bytes([0x89], 'HDF\r\n', [0x1a, 0x0a]), new Uint8Array(), 100), 'hdf5');
    assert.equal(identify(bytes([0x93], 'NUMPY'), new Uint8Array(), 100), 'numpy');
    assert.equal(identify(bytes('GGUF', [3, 0, 0, 0]), new Uint8Array(), 100), 'gguf');
    assert.equal(identify(bytes([0x1f, 0x8b, 8]), new Uint8Array(), 100), 'gzip');
    assert.equal(identify(bytes('BZh9'), new Uint8Array(), 100), 'bzip2');
    assert.equal(identify(bytes([0xfd], '7zXZ', [0]), new Uint8Array(), 100), 'xz');
    assert.equal(identify(bytes([0x80, 4, 0x95]), new Uint8Array(), 100), 'pickle');
    assert.equal(identify(new Uint8Array(), new Uint8Array(), 0), 'empty');
  });

  it('tells zlib streams from text that opens with the same two bytes', () => {
    const z = deflateSync(Buffer.from('weights '.repeat(50)));
    assert.equal(identify(z, z, z.length), 'zlib');
    for (const text of ['x = 1\nprint(x)\n', 'x^2 + y^2\n', 'x?\n', 'x}\n'])
      assert.equal(identify(bytes(text), bytes(text), text.length), 'text', JSON.stringify(text));
  });

  it('finds a zip appended to other data from its end record', () => {
    const tail = bytes('JFIF....', 'PK', [5, 6], new Array<number>(18).fill(0));
    assert.equal(identify(bytes([0xff, 0xd8, 0xff, 0xe0]), tail, 1000), 'zip');
  });

  it('takes a SafeTensors file with a lying header length for SafeTensors', () => {
    const head = bytes(u64(10n * 1024n ** 3n), '{"a":{}}');
    assert.equal(identify(head, head, head.length), 'safetensors');
  });

  it('recognises legacy torch.save streams by their magic number pickle', () => {
    const head = bytes([
      0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e,
    ]);
    assert.equal(identify(head, head, head.length), 'torch-legacy');
  });

  it('tells JSON from other text', () => {
    assert.equal(identify(bytes('  {"a": 1}'), new Uint8Array(), 10), 'json');
    assert.equal(identify(bytes('hello world\n'), new Uint8Array(), 12), 'text');
    assert.equal(identify(bytes([0, 1, 2, 3, 0xfe]), new Uint8Array(), 5), 'unknown');
  });
});
