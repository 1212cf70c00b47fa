import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MlsecError } from './errors.ts';
import { sha256File } from './sha256-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlsec-sha256-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// 1.3 MB of varied bytes: more than two of the 512 KiB reads, with a short last one.
const bytes = Buffer.alloc(1_300_001);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
const path = join(dir, 'data.bin');
writeFileSync(path, bytes);
const want = createHash('sha256').update(bytes).digest('hex');

describe('sha256File', () => {
  it('hashes a file on the calling thread', async () => {
    assert.equal(await sha256File(path), want);
  });

  it('hashes the same file on a worker thread to the same digest', async () => {
    assert.equal(await sha256File(path, { offThreadFrom: 0 }), want);
  });

  it('hashes an empty file either way', async () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const none = createHash('sha256').digest('hex');
    assert.equal(await sha256File(empty), none);
    assert.equal(await sha256File(empty, { offThreadFrom: 0 }), none);
  });

  it('reports a missing file as CORE_READ_FAILED', async () => {
    for (const offThreadFrom of [undefined, 0]) {
      await assert.rejects(
        sha256File(join(dir, 'missing'), offThreadFrom === undefined ? {} : { offThreadFrom }),
        (error: unknown) => error instanceof MlsecError && error.code === 'CORE_READ_FAILED',
      );
    }
  });
});
