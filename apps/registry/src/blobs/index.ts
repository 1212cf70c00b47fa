/** Content-addressed blob stores of the registry: a directory, an S3 bucket, encryption at rest. */
export type {
  BlobBackend,
  BlobCodec,
  BlobStat,
  BlobStore,
  BlobWriter,
  PutOptions,
  PutResult,
  SweepOptions,
} from './blob-store.ts';
export { ContentStore, DEFAULT_SWEEP_AGE_MS } from './content-store.ts';
export { DirectoryBackend, DirectoryBlobStore } from './directory-store.ts';
export { DEFAULT_PART_SIZE, S3Backend, S3BlobStore } from './s3-store.ts';
export type { S3BlobStoreOptions } from './s3-store.ts';
export { EncryptedBlobStore } from './encrypted-store.ts';
export { aesGcmCodec, CHUNK_SIZE, encryptedPlainSize } from './aes-gcm-codec.ts';
export { checkBlobDigest, isBlobDigest } from './digest.ts';
