import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';

/** RFC 3986 characters allowed in a path, query or fragment once reserved ones are percent-encoded. */
const PCHARS = String.raw`(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*`;
const ABSOLUTE = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${PCHARS}(?:#${PCHARS})?$`);
const RELATIVE = new RegExp(`^${PCHARS}(?:#${PCHARS})?$`);

/** `uri` (RFC 3986 §4.3, absolute): a scheme, then only legal, percent-encoded characters. */
function isUri(value: string): boolean {
  return ABSOLUTE.test(value);
}

/** `uri-reference` (§4.1): a URI, or a relative reference whose first segment has no ':' (§4.2). */
function isUriReference(value: string): boolean {
  if (isUri(value)) return true;
  const firstSegment = value.split(/[/?#]/, 1)[0] ?? '';
  return RELATIVE.test(value) && !firstSegment.includes(':');
}

/** `date-time` (RFC 3339 §5.6). */
function isDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * A validator for the official SARIF 2.1.0 schema (apps/cli/testdata). The schema declares draft-04, which
 * Ajv 8 does not ship; its only draft-04-specific keyword is the top-level `id`, so renaming that to `$id`
 * and dropping `$schema` gives the same constraints under Ajv's default draft-07. Formats are checked
 * strictly (no ajv-formats dependency): the three the schema uses are implemented above.
 */
export function sarifValidator(): (log: unknown) => readonly ErrorObject[] {
  const url = new URL('../../../testdata/sarif-schema-2.1.0.json', import.meta.url);
  const original = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  const schema = Object.fromEntries(
    Object.entries(original).filter(([key]) => key !== '$schema' && key !== 'id'),
  );
  const ajv = new Ajv({
    allErrors: true,
    formats: { uri: isUri, 'uri-reference': isUriReference, 'date-time': isDateTime },
  });
  const validate = ajv.compile({ $id: String(original['id']), ...schema });
  return (log) => (validate(log) ? [] : (validate.errors ?? []));
}

export { isUri, isUriReference };
