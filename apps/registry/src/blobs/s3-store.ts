import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { MlsecError } from '@mlsec/core';
import type { BlobBackend, BlobWriter } from './blob-store.ts';
import { ContentStore } from './content-store.ts';
import { s3Failed, s3Missing } from './s3-errors.ts';

/** Default multipart part size: memory per upload is one part. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024; // S3's floor for every part but the last
const MAX_COPY_BYTES = 5 * 1024 ** 3; // CopyObject's ceiling

/** Where and how to reach the bucket. Credentials come from here, never from the environment. */
export interface S3BlobStoreOptions {
  readonly bucket: string;
  /** Key prefix inside the bucket, e.g. 'registry/' (default none). */
  readonly prefix?: string;
  /** A ready client (then the connection options below are ignored). */
  readonly client?: S3Client;
  /** Custom endpoint of an S3-compatible store, e.g. http://127.0.0.1:9000. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Path-style addressing (bucket in the path), which self-hosted stores usually need. Default true. */
  readonly forcePathStyle?: boolean;
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** Multipart part size in bytes (5 MiB to 512 MiB; default 8 MiB). */
  readonly partSize?: number;
}

/**
 * Blobs in any S3-compatible bucket under `<prefix>sha256/<hex>`. A blob up to one part is hashed in
 * memory and written with one PutObject. A bigger one is a multipart upload, which S3 shows to no reader
 * until it is completed: straight to its final key when the caller gave `expectedSha256` (completed only
 * after the digest matched), otherwise to `<prefix>tmp/<random>` and then copied server-side to its final
 * key (CopyObject, so up to 5 GiB: pass `expectedSha256` for bigger blobs). `sweep` deletes old `tmp/`
 * objects and aborts old multipart uploads where the store can list them; give buckets a lifecycle rule
 * (AbortIncompleteMultipartUpload) as well.
 */
export class S3BlobStore extends ContentStore<S3Backend> {
  constructor(options: S3BlobStoreOptions) {
    super(new S3Backend(options));
  }
}

/** The bucket behind {@link S3BlobStore}. */
export class S3Backend implements BlobBackend {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly partSize: number;

  constructor(options: S3BlobStoreOptions) {
    const partSize = options.partSize ?? DEFAULT_PART_SIZE;
    if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > 512 * 1024 ** 2) {
      throw new MlsecError('REGISTRY_BLOB_BAD_OPTIONS', 'partSize must be 5 MiB to 512 MiB');
    }
    this.partSize = partSize;
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.client =
      options.client ??
      new S3Client({
        region: options.region ?? 'us-east-1',
        forcePathStyle: options.forcePathStyle ?? true,
        // Checksums only where S3 demands them: several S3-compatible stores reject the newer default
        // ones, and every read is re-hashed with SHA-256 anyway.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      });
  }

  /** Key of the blob with this (checked) digest. */
  blobKey(sha256: string): string {
    return `${this.prefix}sha256/${sha256}`;
  }

  begin(hint: { readonly expectedSha256?: string }): Promise<BlobWriter> {
    return Promise.resolve(new S3Writer(this, hint.expectedSha256));
  }

  async read(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256) }),
      );
      const body = out.Body as AsyncIterable<Uint8Array> | undefined;
      if (body === undefined || !(Symbol.asyncIterator in body)) {
        throw new MlsecError('REGISTRY_BLOB_STORE_FAILED', 'S3 returned no readable body');
      }
      return body;
    } catch (error) {
      if (s3Missing(error)) return undefined;
      throw s3Failed('read a blob', error);
    }
  }

  async size(sha256: string): Promise<number | undefined> {
    return this.headSize(this.blobKey(sha256));
  }

  /** ContentLength of `key`, or undefined when absent. */
  async headSize(key: string): Promise<number | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (s3Missing(error)) return undefined;
      throw s3Failed('look up a blob', error);
    }
  }

  async sweep(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.send('list temporaries', (c) =>
        c.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}tmp/`,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        ),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined || (item.LastModified?.getTime() ?? 0) > cutoff) continue;
        await this.deleteKey(item.Key);
        removed += 1;
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return removed + (await this.abortOldUploads(cutoff));
  }

  /** Abort multipart uploads begun before `cutoff` (stores that cannot list them are skipped). */
  async abortOldUploads(cutoff: number): Promise<number> {
    let uploads;
    try {
      uploads = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.prefix }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'NotImplemented') return 0;
      throw s3Failed('list multipart uploads', error);
    }
    let aborted = 0;
    for (const upload of uploads.Uploads ?? []) {
      if (upload.Key === undefined || upload.UploadId === undefined) continue;
      if ((upload.Initiated?.getTime() ?? 0) > cutoff) continue;
      await this.send('abort an upload', (c) =>
        c.send(
          new AbortMultipartUploadCommand({
            Bucket: this.bucket,
            Key: upload.Key,
            UploadId: upload.UploadId,
          }),
        ),
      );
      aborted += 1;
    }
    return aborted;
  }

  async remove(sha256: string): Promise<boolean> {
    if ((await this.size(sha256)) === undefined) return false;
    await this.deleteKey(this.blobKey(sha256));
    return true;
  }

  async deleteKey(key: string): Promise<void> {
    await this.send('delete an object', (c) =>
      c.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  /** Copy `from` to `to` inside the bucket (server side). */
  async copy(from: string, to: string, size: number): Promise<void> {
    if (size > MAX_COPY_BYTES) {
      throw new MlsecError(
        'REGISTRY_BLOB_STORE_FAILED',
        'an S3 blob over 5 GiB can only be stored when its expectedSha256 is given',
      );
    }
    const source = `${this.bucket}/${from}`.split('/').map(encodeURIComponent).join('/');
    await this.send('copy a blob into place', (c) =>
      c.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: to,
          CopySource: source,
        }),
      ),
    );
  }

  /** Run one SDK call, turning its errors into REGISTRY_BLOB_STORE_FAILED. */
  async send<T>(what: string, call: (client: S3Client) => Promise<T>): Promise<T> {
    try {
      return await call(this.client);
    } catch (error) {
      throw s3Failed(what, error);
    }
  }
}

/** Buffers one part; uploads parts as they fill. */
class S3Writer implements BlobWriter {
  readonly #s3: S3Backend;
  readonly #expected: string | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #total = 0;
  #key: string | undefined;
  #uploadId: string | undefined;
  #parts: { ETag: string; PartNumber: number }[] = [];
  #tempDone = false;

  constructor(s3: S3Backend, expected: string | undefined) {
    this.#s3 = s3;
    this.#expected = expected;
  }

  async write(chunk: Uint8Array): Promise<void> {
    // A copy: the caller may reuse `chunk` once this returns.
    this.#pending.push(Buffer.from(chunk));
    this.#pendingBytes += chunk.byteLength;
    this.#total += chunk.byteLength;
    while (this.#pendingBytes >= this.#s3.partSize) await this.#uploadPart(this.#s3.partSize);
  }

  async #uploadPart(length: number): Promise<void> {
    const all = Buffer.concat(this.#pending, this.#pendingBytes);
    const body = all.subarray(0, length);
    this.#pending = length < all.length ? [all.subarray(length)] : [];
    this.#pendingBytes = all.length - length;
    if (this.#uploadId === undefined) {
      const key =
        this.#expected === undefined
          ? `${this.#s3.prefix}tmp/${randomBytes(16).toString('hex')}`
          : this.#s3.blobKey(this.#expected);
      const created = await this.#s3.send('start a multipart upload', (c) =>
        c.send(new CreateMultipartUploadCommand({ Bucket: this.#s3.bucket, Key: key })),
      );
      if (created.UploadId === undefined) throw s3Failed('start a multipart upload', undefined);
      this.#key = key;
      this.#uploadId = created.UploadId;
    }
    const PartNumber = this.#parts.length + 1;
    const out = await this.#s3.send('upload a part', (c) =>
      c.send(
        new UploadPartCommand({
          Bucket: this.#s3.bucket,
          Key: this.#key,
          UploadId: this.#uploadId,
          PartNumber,
          Body: body,
          ContentLength: body.length,
        }),
      ),
    );
    this.#parts.push({ ETag: out.ETag ?? '', PartNumber });
  }

  async commit(sha256: string): Promise<boolean> {
    const final = this.#s3.blobKey(sha256);
    if (this.#uploadId === undefined) {
      // Small blob, wholly in memory: one PutObject under its final key is atomic.
      if ((await this.#s3.size(sha256)) !== undefined) return false;
      const body = Buffer.concat(this.#pending, this.#pendingBytes);
      this.#pending = [];
      await this.#s3.send('store a blob', (c) =>
        c.send(
          new PutObjectCommand({
            Bucket: this.#s3.bucket,
            Key: final,
            Body: body,
            ContentLength: body.length,
          }),
        ),
      );
      return true;
    }
    if (this.#pendingBytes > 0) await this.#uploadPart(this.#pendingBytes);
    const key = this.#key ?? final;
    await this.#s3.send('complete a multipart upload', (c) =>
      c.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.#s3.bucket,
          Key: key,
          UploadId: this.#uploadId,
          MultipartUpload: { Parts: this.#parts },
        }),
      ),
    );
    this.#uploadId = undefined;
    if (key === final) return true;
    this.#tempDone = true;
    let created = false;
    if ((await this.#s3.size(sha256)) === undefined) {
      await this.#s3.copy(key, final, this.#total);
      created = true;
    }
    await this.#s3.deleteKey(key);
    this.#tempDone = false;
    return created;
  }

  async abort(): Promise<void> {
    this.#pending = [];
    const key = this.#key;
    if (key === undefined) return;
    if (this.#uploadId !== undefined) {
      // Best effort: a store that cannot abort keeps the parts invisible; sweep or a lifecycle rule ends them.
      await this.#s3.client
        .send(
          new AbortMultipartUploadCommand({
            Bucket: this.#s3.bucket,
            Key: key,
            UploadId: this.#uploadId,
          }),
        )
        .catch(() => undefined);
    }
    if (this.#tempDone) await this.#s3.deleteKey(key).catch(() => undefined);
  }
}
