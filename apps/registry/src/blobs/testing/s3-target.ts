import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { S3BlobStore, type S3Backend } from '../s3-store.ts';
import type { BlobStore } from '../blob-store.ts';
import type { SuiteTarget } from './blob-store-suite.ts';

const BUCKET = 'blobs';

/**
 * s3rver on 127.0.0.1 (port 0) with one bucket `blobs`, and an S3 store over it with 5 MiB parts
 * under the prefix `registry/`. s3rver takes the credentials S3RVER / S3RVER.
 */
export async function s3Target(
  wrap: (inner: S3BlobStore) => BlobStore = (inner) => inner,
): Promise<SuiteTarget & { backend: S3Backend; endpoint: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'mlsec-s3rver-'));
  const server = await startS3rver(folder);
  const { port } = server;
  const options = {
    bucket: BUCKET,
    prefix: 'registry/',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    partSize: 5 * 1024 * 1024,
  };
  const inner = new S3BlobStore(options);
  const { backend } = inner;
  const raw: S3Client = backend.client;
  return {
    store: wrap(inner),
    backend,
    endpoint: options.endpoint,
    async readStored(digest) {
      const out = await raw.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: backend.blobKey(digest) }),
      );
      return Buffer.from(await out.Body!.transformToByteArray());
    },
    async writeStored(digest, data) {
      await raw.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: backend.blobKey(digest), Body: data }),
      );
    },
    async temporaries() {
      const out = await raw.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'registry/tmp/' }),
      );
      return out.KeyCount ?? out.Contents?.length ?? 0;
    },
    async leaveTemporary() {
      const Key = `registry/tmp/${randomBytes(16).toString('hex')}`;
      await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'partial' }));
    },
    async close() {
      raw.destroy();
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** s3rver in a child process (its memory apart from the store's); stops when told or when we exit. */
async function startS3rver(
  folder: string,
): Promise<{ port: number; child: ChildProcess; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('run-s3rver.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, folder, BUCKET], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    child,
    async stop() {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}
