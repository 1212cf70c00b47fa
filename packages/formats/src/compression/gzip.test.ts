import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseGzipHeader } from './gzip.ts';

/** A gzip member header with the given optional fields (RFC 1952 §2.3). */
function header(fields: {
  name?: string;
  comment?: string;
  extra?: number;
  hcrc?: boolean;
}): Uint8Array {
  let flags = 0;
  const parts: Buffer[] = [];
  if (fields.extra !== undefined) {
    flags |= 0x04;
    const x = Buffer.alloc(2 + fields.extra);
    x.writeUInt16LE(fields.extra, 0);
    parts.push(x);
  }
  if (fields.name !== undefined) {
    flags |= 0x08;
    parts.push(Buffer.from(`${fields.name}\0`, 'latin1'));
  }
  if (fields.comment !== undefined) {
    flags |= 0x10;
    parts.push(Buffer.from(`${fields.comment}\0`, 'latin1'));
  }
  if (fields.hcrc) {
    flags |= 0x02;
    parts.push(Buffer.alloc(2));
  }
  const fixed = Buffer.from([0x1f, 0x8b, 8, flags, 1, 0, 0, 0, 0, 3]);
  return Buffer.concat([fixed, ...parts]);
}

describe('parseGzipHeader', () => {
  it('reads FNAME, FCOMMENT and skips FEXTRA and FHCRC', () => {
    const bytes = header({ name: 'model.pkl', comment: 'hi', extra: 5, hcrc: true });
    const result = parseGzipHeader(bytes);
    assert.ok(result.ok);
    assert.equal(result.value.name, 'model.pkl');
    assert.equal(result.value.comment, 'hi');
    assert.equal(result.value.headerLength, bytes.length);
    assert.equal(result.value.mtime, 1);
  });
  it('has no name when the producer stored none', () => {
    const result = parseGzipHeader(gzipSync(Buffer.from('x')));
    assert.ok(result.ok);
    assert.equal(result.value.name, undefined);
    assert.equal(result.value.headerLength, 10);
  });
  describe('when the header is bad', () => {
    it('reports BAD_MAGIC', () => {
      assert.deepEqual(
        parseGzipHeader(Buffer.from('nope nope nope')).issues.map((i) => i.code),
        ['BAD_MAGIC'],
      );
    });
    it('reports TRUNCATED for an unterminated name', () => {
      const bytes = header({ name: 'abc' }).subarray(0, 12);
      assert.deepEqual(
        parseGzipHeader(bytes).issues.map((i) => i.code),
        ['TRUNCATED'],
      );
    });
    it('reports reserved flag bits', () => {
      const bytes = header({});
      bytes[3] = 0x20;
      assert.deepEqual(
        parseGzipHeader(bytes).issues.map((i) => i.code),
        ['CORRUPT_DATA'],
      );
    });
  });
});
