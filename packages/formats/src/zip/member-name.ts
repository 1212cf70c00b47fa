import { issue, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';

/**
 * Why a member name is unsafe to extract or ambiguous to look up. Shared by zip and tar: an extractor
 * that honours `..`, a leading `/`, a drive letter or a backslash separator writes outside the target
 * folder (CWE-22, "zip slip"); a NUL or control character makes tools disagree on the name.
 */
export function checkMemberName(name: string, offset?: number): FormatIssue[] {
  const issues: FormatIssue[] = [];
  const shown = snippet(name);
  const parts = name.replaceAll('\\', '/').split('/');
  if (parts.includes('..')) {
    issues.push(issue('NAME_TRAVERSAL', `member name "${shown}" climbs out with ".."`, offset));
  }
  if (/^[/\\]/.test(name) || /^[A-Za-z]:/.test(name)) {
    issues.push(issue('NAME_ABSOLUTE', `member name "${shown}" is an absolute path`, offset));
  }
  if (name.includes('\\')) {
    issues.push(
      issue('NAME_BACKSLASH', `member name "${shown}" uses backslash separators`, offset),
    );
  }
  if (name.includes('\0')) {
    issues.push(issue('NAME_NUL', `member name "${shown}" contains a NUL byte`, offset));
  } else if ([...name].some((ch) => ch < ' ' || ch === '\u007f')) {
    issues.push(
      issue('NAME_CONTROL', `member name "${shown}" contains control characters`, offset),
    );
  }
  return issues;
}

/** Codes checkMemberName() can return, for mapping to rules. */
export const MEMBER_NAME_CODES = [
  'NAME_TRAVERSAL',
  'NAME_ABSOLUTE',
  'NAME_BACKSLASH',
  'NAME_NUL',
  'NAME_CONTROL',
] as const;
