import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readFileBounded } from './read-file.ts';

describe('readFileBounded', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-read-file-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads a file within the limit whole', async () => {
    await writeFile(join(dir, 'small'), 'abcdef');
    const read = await readFileBounded(join(dir, 'small'), 6);
    assert.equal(new TextDecoder().decode(read?.bytes), 'abcdef');
    assert.equal(read?.size, 6);
    assert.equal(read?.truncated, false);
  });

  it('reads only the first maxBytes of a larger file and says so', async () => {
    await writeFile(join(dir, 'large'), 'abcdefgh');
    const read = await readFileBounded(join(dir, 'large'), 3);
    assert.equal(new TextDecoder().decode(read?.bytes), 'abc');
    assert.equal(read?.size, 8);
    assert.equal(read?.truncated, true);
  });

  it('reads nothing of a larger file with refuseLarger', async () => {
    const read = await readFileBounded(join(dir, 'large'), 3, { refuseLarger: true });
    assert.equal(read?.bytes.length, 0);
    assert.equal(read?.truncated, true);
  });

  it('returns undefined for a missing path and for a folder', async () => {
    await mkdir(join(dir, 'folder'));
    assert.equal(await readFileBounded(join(dir, 'missing'), 10), undefined);
    assert.equal(await readFileBounded(join(dir, 'small', 'below'), 10), undefined);
    assert.equal(await readFileBounded(join(dir, 'folder'), 10), undefined);
  });

  // Without O_NONBLOCK the open waits for a writer forever: the timeout turns that hang into a failure.
  it('refuses a FIFO without waiting for a writer', { timeout: 10_000 }, async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    assert.equal(await readFileBounded(fifo, 10), undefined);
  });
});
