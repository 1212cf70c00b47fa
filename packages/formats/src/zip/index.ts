/** Zip archives as PyTorch checkpoints, .npz and .keras files use them: read lazily, checked strictly. */
export { openZip } from './open-zip.ts';
export { entrySource, inflateEntry, readEntry } from './extract.ts';
export type { ExtractOptions } from './extract.ts';
export { ZIP_METHOD } from './types.ts';
export type { ZipArchive, ZipEntry } from './types.ts';
export { checkMemberName, MEMBER_NAME_CODES } from './member-name.ts';
