import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJsonBytes } from './decode-json-bytes.ts';

function utf32(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const cps = [...(bom ? '\ufeff' : ''), ...text].map((c) => c.codePointAt(0) ?? 0);
  const out = new DataView(new ArrayBuffer(cps.length * 4));
  cps.forEach((cp, i) => out.setUint32(i * 4, cp, !bigEndian));
  return new Uint8Array(out.buffer);
}

describe('decodeJsonBytes', () => {
  const text = '{"a": "é"}';
  const cases: readonly [string, Uint8Array][] = [
    ['UTF-8', Buffer.from(text)],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    [
      'UTF-16LE with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ],
    ['UTF-16LE without a BOM', Buffer.from(text, 'utf16le')],
    ['UTF-16BE with a BOM', Buffer.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()])],
    ['UTF-16BE without a BOM', Buffer.from(text, 'utf16le').swap16()],
    ['UTF-32LE with a BOM', utf32(text, false, true)],
    ['UTF-32BE without a BOM', utf32(text, true, false)],
  ];
  for (const [name, bytes] of cases) {
    describe(`when the bytes are ${name}`, () => {
      it('decodes them as Python json.loads would', () => {
        assert.equal(decodeJsonBytes(bytes), text);
      });
    });
  }

  describe('when the bytes are not valid UTF-8', () => {
    it('replaces bad sequences instead of throwing', () => {
      assert.equal(decodeJsonBytes(Uint8Array.from([0x7b, 0xff, 0x7d])), '{\ufffd}');
    });
  });
});
