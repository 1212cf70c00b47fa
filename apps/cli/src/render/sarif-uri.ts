import { pathToFileURL } from 'node:url';
import type { SarifArtifactLocation } from './sarif-types.ts';

/** The uriBaseId of every relative path: the folder mlsec ran in (the name SARIF's examples and GitHub use). */
export const SRCROOT = '%SRCROOT%';

/**
 * Replace unpaired surrogates with U+FFFD: they have no UTF-8 encoding, and encodeURIComponent throws on
 * them. (A file name can hold one on Windows; on Linux Node already decodes bad bytes to U+FFFD.)
 */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/**
 * Percent-encode a '/'-separated path as an RFC 3986 path (§3.3): each segment keeps only unreserved
 * characters and `!'()*` (all valid `pchar`); everything else, including ':', '%', '#', '?', '\' and
 * non-ASCII, becomes %XX of its UTF-8 bytes. Encoding ':' also stops a first segment like `a:b` from
 * reading as a URI scheme (§4.2).
 */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(wellFormed(segment)))
    .join('/');
}

/**
 * The SARIF artifact location of a report path. Relative paths (the normal case: the scan reports paths
 * relative to the working directory) become relative URI references against `%SRCROOT%`, which is what
 * GitHub code scanning matches against the repository. Absolute paths (a target on another drive or
 * above a `relative()` result) become `file://` URIs with no base.
 */
export function artifactLocation(path: string): SarifArtifactLocation {
  if (path === '') return { uri: '.', uriBaseId: SRCROOT };
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive) return { uri: `file:///${drive[1] ?? ''}:/${encodePath(path.slice(3))}` };
  if (path.startsWith('/')) return { uri: `file://${encodePath(path)}` };
  return { uri: encodePath(path), uriBaseId: SRCROOT };
}

/**
 * The `file:` URI of an absolute folder, ending in '/' as SARIF requires of a run's originalUriBaseIds entry.
 * @example rootUri('/home/ci/repo') // 'file:///home/ci/repo/'
 */
export function rootUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}
