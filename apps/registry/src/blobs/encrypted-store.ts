import type { BlobBackend } from './blob-store.ts';
import { aesGcmCodec } from './aes-gcm-codec.ts';
import { ContentStore } from './content-store.ts';

/**
 * Encryption at rest over another store's backend: blobs are stored in the AES-256-GCM chunked format of
 * aes-gcm-codec.ts under a random per-blob data key wrapped by `keyEncryptionKey` (32 bytes; reading it
 * from a file or the environment is the caller's job). The address stays the plaintext SHA-256, and reads
 * are both authenticated chunk by chunk and re-hashed.
 *
 * @example
 * const store = new EncryptedBlobStore(await DirectoryBlobStore.open(dir), kek);
 */
export class EncryptedBlobStore extends ContentStore {
  constructor(inner: { readonly backend: BlobBackend }, keyEncryptionKey: Uint8Array) {
    super(inner.backend, aesGcmCodec(keyEncryptionKey));
  }
}
