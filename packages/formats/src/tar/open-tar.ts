import { fail, issue, ok, sliceSource, snippet, utf8 } from '@mlsec/core';
import type { ByteSource, FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { checkMemberName } from '../zip/index.ts';
import { checksums, numeric, paxRecords, text } from './fields.ts';
import type { TarArchive, TarEntry, TarEntryType } from './types.ts';

const BLOCK = 512;
/** Typeflags (POSIX ustar, GNU) and what they are; anything else is read as a regular file, as POSIX says. */
const TYPES: Readonly<Record<string, TarEntryType>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'directory',
  '3': 'special',
  '4': 'special',
  '6': 'special',
};

/** True when `target`, taken relative to the folder `base`, leaves the extraction root. */
function escapes(base: readonly string[], target: string): boolean {
  if (/^[/\\]/.test(target) || /^[A-Za-z]:/.test(target)) return true;
  const parts = [...base];
  for (const part of target.replaceAll('\\', '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.pop() === undefined) return true;
  }
  return false;
}

function linkIssues(name: string, type: TarEntryType, target: string, at: number): FormatIssue[] {
  if (type !== 'symlink' && type !== 'hardlink') return [];
  // Symlinks resolve from the link's folder; hardlinks name another member from the archive root.
  const base =
    type === 'symlink'
      ? name
          .split('/')
          .filter((p) => p && p !== '.')
          .slice(0, -1)
      : [];
  if (!escapes(base, target)) return [];
  return [
    issue(
      'LINK_ESCAPES',
      `${type} "${snippet(name)}" points outside the archive: "${snippet(target)}"`,
      at,
    ),
  ];
}

interface Pending {
  longName?: string;
  longLink?: string;
  pax?: Map<string, string>;
}

/**
 * Open a tar archive (v7, ustar, pax, GNU long names `L`/`K`, base-256 sizes) by reading its headers
 * through a ByteSource; member data is never read. Header checksums are verified. Reading stops at the
 * end-of-archive zero blocks, at the first bad header (as Python's tarfile does) or at
 * `limits.maxEntries`.
 */
export async function openTar(
  source: ByteSource,
  limits: Limits,
): Promise<ParseResult<TarArchive>> {
  const issues: FormatIssue[] = [];
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let pending: Pending = {};
  let globalPax = new Map<string, string>();
  let pos = 0;
  for (;;) {
    if (pos + BLOCK > source.size) {
      if (pos < source.size || entries.length === 0)
        issues.push(issue('TRUNCATED', 'the archive ends inside a header', pos, true));
      break;
    }
    const block = await source.read(pos, BLOCK);
    if (block.every((b) => b === 0)) {
      if (entries.length === 0 && pos === 0)
        issues.push(issue('EMPTY_ARCHIVE', 'the archive has no members', 0, true));
      break; // end of archive (two zero blocks; one is tolerated, as GNU tar and Python do)
    }
    const stored = numeric(block, 148, 8);
    const sums = checksums(block);
    if (stored === undefined || (stored !== sums.unsigned && stored !== sums.signed)) {
      issues.push(
        issue('BAD_CHECKSUM', 'a header checksum does not match; reading stopped', pos, true),
      );
      break;
    }
    const typeflag = String.fromCharCode(block[156] ?? 0);
    const size = numeric(block, 124, 12);
    if (size === undefined) {
      issues.push(issue('BAD_HEADER', 'a header has an unreadable size field', pos + 124, true));
      break;
    }
    const dataOffset = pos + BLOCK;
    const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
      if (size > limits.maxStringLength) {
        issues.push(
          issue(
            'NAME_TOO_LONG',
            `an extended header of ${size} bytes exceeds the limit`,
            pos,
            true,
          ),
        );
        break;
      }
      const data = await source.read(dataOffset, size);
      if (data.length < size) {
        issues.push(
          issue('TRUNCATED', 'the archive ends inside an extended header', dataOffset, true),
        );
        break;
      }
      if (typeflag === 'L' || typeflag === 'K') {
        const end = data.indexOf(0);
        const value = utf8(end < 0 ? data : data.subarray(0, end));
        if (typeflag === 'L') pending.longName = value;
        else pending.longLink = value;
      } else {
        const records = paxRecords(data);
        if (!records)
          issues.push(issue('PAX_MALFORMED', 'a pax extended header is malformed', dataOffset));
        else if (typeflag === 'g') globalPax = new Map([...globalPax, ...records]);
        else pending.pax = records;
      }
      pos = next;
      continue;
    }
    if (entries.length >= limits.maxEntries) {
      issues.push(
        issue(
          'TOO_MANY_ENTRIES',
          `more than ${limits.maxEntries} members; the rest were not read`,
          pos,
        ),
      );
      break;
    }
    const pax = new Map([...globalPax, ...(pending.pax ?? [])]);
    const ustar = text(block, 257, 6) === 'ustar' && text(block, 263, 2) === '00';
    const prefix = ustar ? text(block, 345, 155) : '';
    const plain = text(block, 0, 100);
    let name = pax.get('path') ?? pending.longName ?? (prefix ? `${prefix}/${plain}` : plain);
    const linkName = pax.get('linkpath') ?? pending.longLink ?? text(block, 157, 100);
    const paxSize = pax.has('size') ? Number(pax.get('size')) : size;
    pending = {};
    const own: FormatIssue[] = [];
    if (!Number.isSafeInteger(paxSize) || paxSize < 0) {
      issues.push(issue('BAD_HEADER', 'a pax size record is not a number', pos, true));
      break;
    }
    if (name.length > limits.maxStringLength) {
      own.push(
        issue(
          'NAME_TOO_LONG',
          `member name is longer than ${limits.maxStringLength} characters`,
          pos,
        ),
      );
      name = name.slice(0, limits.maxStringLength);
    }
    const known = TYPES[typeflag];
    const type: TarEntryType = known ?? 'file';
    if (!known)
      own.push(
        issue(
          'UNKNOWN_TYPE',
          `member "${snippet(name)}" has typeflag "${snippet(typeflag)}", read as a file`,
          pos,
        ),
      );
    own.push(...checkMemberName(name, pos), ...linkIssues(name, type, linkName, pos));
    if (seen.has(name))
      own.push(issue('DUPLICATE_NAME', `member "${snippet(name)}" appears more than once`, pos));
    seen.add(name);
    // Python's tarfile skips data only for regular (and unknown) members; a link or folder that declares
    // a size is read differently by different tools.
    const hasData = type === 'file';
    if (!hasData && paxSize > 0)
      own.push(
        issue(
          'LINK_WITH_DATA',
          `${type} "${snippet(name)}" declares ${paxSize} bytes of data`,
          pos,
        ),
      );
    const end = dataOffset + (hasData ? paxSize : 0);
    const mode = numeric(block, 100, 8) ?? 0;
    entries.push({
      index: entries.length,
      name,
      type,
      typeflag,
      size: hasData ? paxSize : 0,
      mode,
      linkName,
      headerOffset: pos,
      dataOffset,
      issues: own,
    });
    if (end > source.size) {
      issues.push(
        issue(
          'TRUNCATED',
          `member "${snippet(name)}" runs past the end of the archive`,
          dataOffset,
          true,
        ),
      );
      break;
    }
    pos = hasData ? dataOffset + Math.ceil(paxSize / BLOCK) * BLOCK : dataOffset;
  }
  const fatal = issues.some((i) => i.fatal);
  if (fatal && entries.length === 0) return fail(issues);
  return ok({ source, entries }, issues);
}

/** A ByteSource over a member's data (regular files; empty for others), nothing read until asked. */
export function tarEntrySource(archive: TarArchive, entry: TarEntry): ByteSource {
  return sliceSource(archive.source, entry.dataOffset, entry.size);
}
