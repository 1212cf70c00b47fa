import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { inflateEntry, readEntry } from './extract.ts';
import { openZip } from './open-zip.ts';
import type { ZipArchive } from './types.ts';

// Golden files made by the real producers (torch.save, np.savez, Keras' zip layout, Python zipfile);
// fixtures/README.md says how each was made.
const SAMPLES = new URL('../../../../fixtures/samples/', import.meta.url);

async function open(file: string): Promise<{ zip: ZipArchive; codes: string[] }> {
  const result = await openZip(memorySource(readFileSync(new URL(file, SAMPLES))), DEFAULT_LIMITS);
  assert.ok(result.ok, JSON.stringify(result.issues));
  const codes = [...result.issues, ...result.value.entries.flatMap((e) => e.issues)].map(
    (i) => i.code,
  );
  return { zip: result.value, codes };
}

describe('openZip on golden files', () => {
  for (const file of [
    'benign/pytorch/state-dict.pt',
    'benign/pytorch/torchscript-affine.pt',
    'benign/numpy/weights.npz',
    'benign/keras/sequential-dense.keras',
  ]) {
    it(`opens ${file} cleanly and every member matches its CRC`, async () => {
      const { zip, codes } = await open(file);
      assert.deepEqual(codes, []);
      assert.ok(zip.entries.length > 0);
      for (const entry of zip.entries) {
        const content = await readEntry(zip, entry, { maxBytes: 1 << 20 });
        assert.ok(content.ok, JSON.stringify(content.issues));
        assert.deepEqual(content.issues, []);
      }
    });
  }
  it('finds the PyTorch root folder under any name', async () => {
    const { zip } = await open('malicious/pytorch/root-renamed-weights.pt');
    assert.ok(zip.entries.some((e) => e.name === 'weights/data.pkl'));
  });
  it('reports the 22-byte JPEG before a polyglot checkpoint', async () => {
    const { zip, codes } = await open('malicious/pytorch/jpeg-polyglot.jpg');
    assert.deepEqual(codes, ['PREFIXED_DATA']);
    assert.equal(zip.prefixLength, 22);
  });
  it('reports flag edits that torch ignores', async () => {
    assert.deepEqual((await open('malicious/pytorch/flag-local-encrypted-bit.pt')).codes, [
      'LOCAL_FLAGS_MISMATCH',
    ]);
    assert.ok((await open('malicious/pytorch/flag-reserved-bits.pt')).codes.includes('ODD_FLAGS'));
  });
  it('reports zip slip and the 50 MiB bomb', async () => {
    assert.deepEqual((await open('malicious/archives/zip-slip.zip')).codes, ['NAME_TRAVERSAL']);
    const { zip } = await open('malformed/archives/zip-bomb.zip');
    const entry = zip.entries[0];
    assert.ok(entry);
    const result = await inflateEntry(zip, entry, { maxBytes: 1 << 30 });
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['BOMB'],
    );
  });
  it('fails on the truncated zip', async () => {
    const result = await openZip(
      memorySource(readFileSync(new URL('malformed/archives/truncated.zip', SAMPLES))),
      DEFAULT_LIMITS,
    );
    assert.equal(result.ok, false);
  });
});
