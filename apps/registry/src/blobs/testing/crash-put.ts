// A put that is killed: streams 3 MiB into a DirectoryBlobStore, prints "streaming" once the bytes are
// in its temporary, then waits forever for the rest (the test kills it with SIGKILL).
// Usage: node --import tsx crash-put.ts ROOT
import { DirectoryBlobStore } from '../directory-store.ts';

const root = process.argv[2] ?? '';
const store = await DirectoryBlobStore.open(root);
async function* source(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < 3; i++) yield Buffer.alloc(1024 * 1024, i);
  process.stdout.write('streaming\n');
  await new Promise(() => undefined);
}
await store.put(source(), { maxBytes: 1 << 30 });
