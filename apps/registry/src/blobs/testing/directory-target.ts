import { mkdtemp, readdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DirectoryBackend, DirectoryBlobStore } from '../directory-store.ts';
import type { BlobStore } from '../blob-store.ts';
import type { SuiteTarget } from './blob-store-suite.ts';

/** A fresh directory store in a temporary folder, removed on close. */
export async function directoryTarget(
  wrap: (inner: DirectoryBlobStore) => BlobStore = (inner) => inner,
): Promise<SuiteTarget & { backend: DirectoryBackend; folder: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'mlsec-blobs-'));
  const backend = await DirectoryBackend.open(join(folder, 'store'));
  const store = wrap(new DirectoryBlobStore(backend));
  return {
    store,
    backend,
    folder,
    readStored: (digest) => readFile(backend.blobPath(digest)),
    async writeStored(digest, data) {
      const path = backend.blobPath(digest);
      await chmod(path, 0o600);
      await writeFile(path, data);
    },
    temporaries: async () => (await readdir(join(backend.root, 'tmp'))).length,
    async leaveTemporary() {
      await writeFile(
        join(backend.root, 'tmp', `${randomBytes(16).toString('hex')}.part`),
        'partial',
      );
    },
    close: () => rm(folder, { recursive: true, force: true }),
  };
}
