import { blobStoreSuite } from './testing/blob-store-suite.ts';
import { s3Target } from './testing/s3-target.ts';

blobStoreSuite('S3BlobStore over s3rver on 127.0.0.1', () => s3Target());
