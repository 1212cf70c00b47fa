/** Tar archives (v7, ustar, pax, GNU), read header by header through a ByteSource. */
export { openTar, tarEntrySource } from './open-tar.ts';
export type { TarArchive, TarEntry, TarEntryType } from './types.ts';
