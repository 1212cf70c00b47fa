import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { lstat, mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DirectoryBlobStore, WRITE_BATCH } from './directory-store.ts';
import { CRASH_PUT_MIB } from './testing/crash-put-size.ts';
import { blobStoreSuite } from './testing/blob-store-suite.ts';
import { bytes, collect, pieces, rejectsWith, sha256 } from './testing/blob-data.ts';
import { directoryTarget } from './testing/directory-target.ts';

blobStoreSuite('DirectoryBlobStore', () => directoryTarget());

describe('DirectoryBlobStore', () => {
  let target: Awaited<ReturnType<typeof directoryTarget>>;
  before(async () => {
    target = await directoryTarget();
  });
  after(() => target.close());

  it('lays blobs out as sha256/ab/cd/<hex>, 0400 files in 0700 folders', async () => {
    const data = bytes(100);
    const { sha256: digest } = await target.store.put(pieces(data), { maxBytes: 100 });
    const path = target.backend.blobPath(digest);
    assert.equal(
      relative(target.backend.root, path),
      join('sha256', digest.slice(0, 2), digest.slice(2, 4), digest),
    );
    assert.equal((await lstat(path)).mode & 0o777, 0o400);
    for (const dir of ['', 'sha256', 'tmp', join('sha256', digest.slice(0, 2))]) {
      assert.equal((await lstat(join(target.backend.root, dir))).mode & 0o777, 0o700, dir);
    }
  });

  it('refuses a blob that is a symlink, and a shard folder that is one', async () => {
    const outside = join(target.folder, 'outside');
    await writeFile(outside, 'secret');
    const digest = sha256(Buffer.from('secret'));
    const dir = join(target.backend.root, 'sha256', digest.slice(0, 2), digest.slice(2, 4));
    await mkdir(dir, { recursive: true });
    await symlink(outside, join(dir, digest));
    await rejectsWith(() => target.store.get(digest), 'REGISTRY_BLOB_UNSAFE_PATH');
    await rejectsWith(() => target.store.has(digest), 'REGISTRY_BLOB_UNSAFE_PATH');

    const moved = join(target.folder, 'moved');
    await rename(join(target.backend.root, 'sha256', digest.slice(0, 2)), moved);
    await symlink(moved, join(target.backend.root, 'sha256', digest.slice(0, 2)));
    await rejectsWith(() => target.store.stat(digest), 'REGISTRY_BLOB_UNSAFE_PATH');
  });

  it('refuses a root that is a symlink', async () => {
    const link = join(target.folder, 'link');
    await symlink(target.backend.root, link);
    await rejectsWith(() => DirectoryBlobStore.open(link), 'REGISTRY_BLOB_UNSAFE_PATH');
  });

  it('leaves only a temporary when a put is killed with SIGKILL, and sweep removes it', async () => {
    const root = join(target.folder, 'crash');
    const script = fileURLToPath(new URL('testing/crash-put.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=@mlsec/source', '--import', 'tsx', script, root],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    await once(lines, 'line');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    const store = await DirectoryBlobStore.open(root);
    const temps = await readdir(join(root, 'tmp'));
    assert.equal(temps.length, 1);
    // The bytes of the first full write batch at least, never more than were streamed.
    const written = (await lstat(join(root, 'tmp', temps[0] ?? ''))).size;
    assert.ok(written >= WRITE_BATCH && written <= CRASH_PUT_MIB * 1024 * 1024, String(written));
    assert.deepEqual(await readdir(join(root, 'sha256')), []);
    const partial = Buffer.concat(
      Array.from({ length: CRASH_PUT_MIB }, (_, i) => Buffer.alloc(1024 * 1024, i)),
    );
    assert.equal(await store.has(sha256(partial)), false);
    assert.equal(await store.sweep({ olderThanMs: 0 }), 1);
    assert.deepEqual(await readdir(join(root, 'tmp')), []);
    const again = await store.put(pieces(partial), { maxBytes: partial.length });
    assert.ok((await collect(await store.get(again.sha256))).equals(partial));
  });
});
