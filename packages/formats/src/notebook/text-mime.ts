/** Mime types outside text/* whose payload is text in a notebook (application/json is stored as JSON). */
const TEXT_APPLICATION_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/xml',
  'application/x-latex',
  'application/x-tex',
  'application/x-sh',
  'application/x-python',
  'application/sql',
  'application/yaml',
  'application/x-yaml',
  'image/svg+xml',
]);

/**
 * True when an output's mime type carries text worth scanning: `text/*`, the types above, and any
 * `+json`, `+xml` or `+yaml` structured-syntax suffix (RFC 6839), such as Jupyter's widget-view JSON.
 * Everything else (image/png, image/jpeg, application/pdf, …) is a base64 payload and is skipped.
 */
export function isTextMime(mime: string): boolean {
  const type = mime.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('text/')) return true;
  if (TEXT_APPLICATION_TYPES.has(type)) return true;
  return /\+(?:json|xml|yaml)$/.test(type);
}
