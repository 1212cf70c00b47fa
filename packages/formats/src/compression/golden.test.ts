import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decompress } from './decompress.ts';
import type { CompressionKind } from './decompress.ts';

// joblib 1.2.0 dumps made by fixtures/gen/joblib_models.py (see fixtures/README.md): the whole pickle
// stream goes through the named compressor, '.lzma' being Python's lzma.FORMAT_ALONE.
const SAMPLES = new URL('../../../../fixtures/samples/', import.meta.url);

describe('decompress on joblib golden files', () => {
  const kinds: [string, CompressionKind][] = [
    ['zlib', 'zlib'],
    ['gzip', 'gzip'],
    ['bz2', 'bzip2'],
    ['lzma', 'lzma'],
    ['xz', 'xz'],
  ];
  for (const [suffix, kind] of kinds) {
    for (const variant of ['benign/joblib/logistic-regression', 'malicious/joblib/os-system']) {
      it(`decodes ${variant}-${suffix}.joblib to a pickle`, async () => {
        const bytes = readFileSync(new URL(`${variant}-${suffix}.joblib`, SAMPLES));
        const result = await decompress(kind, bytes, { maxOutputBytes: 1 << 20, maxRatio: 1000 });
        assert.ok(result.ok, JSON.stringify(result.issues));
        assert.deepEqual(result.issues, []);
        assert.equal(result.value[0], 0x80); // pickle PROTO
        assert.equal(result.value[result.value.length - 1], 0x2e); // STOP
      });
    }
  }
});
