import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { MlsecError } from '@mlsec/core';
import { DirectoryBlobStore, EncryptedBlobStore, S3BlobStore } from '../blobs/index.ts';
import type { BlobStore } from '../blobs/index.ts';
import type { RegistryConfig } from './config.ts';
import { loadKek } from './kek.ts';
import type { Environment } from './kek.ts';
import { parseBlobLocation } from './storage-config.ts';
import type { S3Settings } from './storage-config.ts';

/** The registry's blob store as registry.json describes it, and how to let go of it. */
export interface OpenedBlobStore {
  readonly store: BlobStore;
  /** Release the S3 client's connections (nothing to do for a folder). */
  close(): void;
}

/**
 * The bucket's store, checked by listing at most one blob key: a listing (unlike a HEAD, which has no
 * body) tells a missing bucket from a missing key, and it needs s3:ListBucket, which sweep needs anyway.
 */
async function openBucket(bucket: string, prefix: string, s3: S3Settings): Promise<S3BlobStore> {
  const store = new S3BlobStore({
    bucket,
    prefix,
    forcePathStyle: s3.forcePathStyle ?? false,
    ...(s3.endpoint === undefined ? {} : { endpoint: s3.endpoint }),
    ...(s3.region === undefined ? {} : { region: s3.region }),
  });
  const { backend } = store;
  try {
    await backend.send('list the bucket', (client) =>
      client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}sha256/`, MaxKeys: 1 }),
      ),
    );
  } catch (error) {
    backend.client.destroy();
    if (!(error instanceof MlsecError)) throw error;
    throw new MlsecError(error.code, `blob store s3://${bucket}/${prefix}: ${error.message}`, {
      cause: error,
    });
  }
  return store;
}

/**
 * Open the blob store of `config`: a folder (created 0700 when missing; relative paths are in the data
 * folder `dir`) or an S3 bucket reached with the AWS SDK's standard credential chain, wrapped in
 * AES-256-GCM encryption at rest when `encryption` is set. The key-encryption key is read first (a
 * missing or malformed key fails before any connection), then the bucket is listed, so a wrong
 * endpoint, bucket or credential fails here rather than on the first push.
 */
export async function openConfiguredBlobStore(
  config: RegistryConfig,
  dir: string,
  env: Environment,
  /** false: a blob folder that does not exist is an error, not created (for audits). */
  create = true,
): Promise<OpenedBlobStore> {
  const location = parseBlobLocation(config.blobs, dir);
  const kek =
    config.encryption === undefined ? undefined : await loadKek(config.encryption, dir, env);
  let inner: DirectoryBlobStore | S3BlobStore;
  let close = (): void => undefined;
  if (location.kind === 'directory') {
    inner = await DirectoryBlobStore.open(location.path, { create });
  } else {
    const bucket = await openBucket(location.bucket, location.prefix, config.s3 ?? {});
    close = () => bucket.backend.client.destroy();
    inner = bucket;
  }
  if (kek === undefined) return { store: inner, close };
  const store = new EncryptedBlobStore(inner, kek); // the codec keeps its own copy of the key
  kek.fill(0);
  return { store, close };
}
