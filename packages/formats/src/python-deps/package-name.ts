/** Longest distribution name accepted (PyPI's own limit is far below). */
export const MAX_PACKAGE_NAME_LENGTH = 200;

/** PEP 503 normalised name: lower case, runs of `-`, `_` and `.` as one `-`. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A valid PEP 508 distribution name: letters and digits at both ends, `-_.` inside. */
export function isValidPackageName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_PACKAGE_NAME_LENGTH &&
    /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name)
  );
}
