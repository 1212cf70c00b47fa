import { MlsecError, snippet } from '@mlsec/core';
import { checkName } from '../names.ts';

/** Longest principal name (the access area's token and OIDC limit). */
export const MAX_PRINCIPAL_NAME = 256;

// C0/C1 controls, DEL and the Unicode line/paragraph separators: nothing that could forge a log line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Refuse a namespace name that is not plain (REGISTRY_REQUEST_INVALID); `*` is never a namespace. */
export function checkNamespaceName(name: string): string {
  return checkName('namespace', name);
}

/** What the log names a caller without credentials (a pull from a public namespace): no principal. */
export const ANONYMOUS_NAME = 'anonymous';

/**
 * Refuse a principal name that is empty, longer than MAX_PRINCIPAL_NAME, padded with spaces, holds
 * control characters or is ANONYMOUS_NAME, which the log keeps for callers without credentials
 * (REGISTRY_REQUEST_INVALID). OIDC names (`oidc:alice@example.com`) pass.
 */
export function checkPrincipalName(name: string): string {
  if (name.toLowerCase() === ANONYMOUS_NAME) {
    throw new MlsecError(
      'REGISTRY_REQUEST_INVALID',
      `"${ANONYMOUS_NAME}" is reserved: the log names callers without credentials so`,
    );
  }
  if (
    name.length === 0 ||
    name.length > MAX_PRINCIPAL_NAME ||
    name.trim() !== name ||
    CONTROL.test(name)
  ) {
    throw new MlsecError(
      'REGISTRY_REQUEST_INVALID',
      `principal "${snippet(name, 60)}" is not a name (1 to ${MAX_PRINCIPAL_NAME} characters, no controls or padding)`,
    );
  }
  return name;
}

export { notFound } from '../names.ts';
