import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { openTar } from './open-tar.ts';

// Made by Python's tarfile + gzip in fixtures/gen/archives.py (see fixtures/README.md).
const SAMPLES = new URL('../../../../fixtures/samples/', import.meta.url);

describe('openTar on golden files', () => {
  for (const file of [
    'benign/archives/model.tar.gz',
    'malicious/archives/pickle.tar.gz',
    'malicious/archives/zip-in-tar-in-gzip.tar.gz',
  ]) {
    it(`lists the members of ${file} without issues`, async () => {
      const tar = gunzipSync(readFileSync(new URL(file, SAMPLES)));
      const result = await openTar(memorySource(tar), DEFAULT_LIMITS);
      assert.ok(result.ok, JSON.stringify(result.issues));
      assert.deepEqual(result.issues, []);
      assert.ok(result.value.entries.some((e) => e.type === 'file' && e.size > 0));
      assert.deepEqual(
        result.value.entries.flatMap((e) => e.issues),
        [],
      );
    });
  }
});
