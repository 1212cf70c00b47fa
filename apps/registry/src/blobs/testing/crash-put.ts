// A put that is killed: streams 17 MiB into a DirectoryBlobStore (over two of its write batches, so
// at least one batch is in its temporary), prints "streaming", then waits forever for the rest (the
// test kills it with SIGKILL).
// Usage: node --import tsx crash-put.ts ROOT
import { DirectoryBlobStore } from '../directory-store.ts';
import { CRASH_PUT_MIB } from './crash-put-size.ts';

const root = process.argv[2] ?? '';
const store = await DirectoryBlobStore.open(root);
async function* source(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < CRASH_PUT_MIB; i++) yield Buffer.alloc(1024 * 1024, i);
  process.stdout.write('streaming\n');
  await new Promise(() => undefined);
}
await store.put(source(), { maxBytes: 1 << 30 });
