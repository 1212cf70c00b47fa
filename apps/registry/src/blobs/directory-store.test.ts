import { blobStoreSuite } from './testing/blob-store-suite.ts';
import { directoryTarget } from './testing/directory-target.ts';

blobStoreSuite('DirectoryBlobStore', () => directoryTarget());
