import type { ByteSource, FormatIssue } from '@mlsec/core';

/** What a tar member is, from its typeflag (POSIX.1-2017 `pax`, ustar format). */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';

/** One member of a tar archive, with long names and pax overrides applied. */
export interface TarEntry {
  readonly index: number;
  /** Path, from pax `path`, a GNU `L` record, or ustar prefix + name; cut to `limits.maxStringLength`. */
  readonly name: string;
  readonly type: TarEntryType;
  /** The raw typeflag character ('0', '5', '2', …). */
  readonly typeflag: string;
  readonly size: number;
  readonly mode: number;
  /** Link target for symlinks and hardlinks ('' otherwise). */
  readonly linkName: string;
  readonly headerOffset: number;
  readonly dataOffset: number;
  /** Problems with this member (names, link targets, checksum, type). */
  readonly issues: readonly FormatIssue[];
}

/** An opened tar archive: headers only; member data is read through tarEntrySource(). */
export interface TarArchive {
  readonly source: ByteSource;
  readonly entries: readonly TarEntry[];
}
