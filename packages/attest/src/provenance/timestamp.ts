/** RFC 3339 date-time (§5.6), with a `T` between date and time as in-toto Timestamps require. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Normalise an RFC 3339 timestamp to UTC with a `Z` (in-toto field_types.md#timestamp), e.g.
 * `2024-05-01T10:00:00+02:00` → `2024-05-01T08:00:00.000Z`. Undefined for anything else: Date.parse
 * alone accepts far too much (`2024`, `May 1`).
 */
export function toUtcTimestamp(text: string): string | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined)
    return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Date.parse(text.replace('t', 'T').replace('z', 'Z'));
  if (!Number.isFinite(ms) || y === undefined) return undefined;
  // Date.parse rolls 2024-02-31 over into March; refuse dates that do not exist.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return new Date(ms).toISOString();
}
