import { MlsecError, snippet } from '@mlsec/core';

/**
 * Names of namespaces, models, versions and aliases: printable, no separators, bounded (they end up
 * in URLs, paths and log lines). The HTTP routes validate path parameters with the same pattern.
 */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
const NAME = new RegExp(NAME_PATTERN);

/** Refuse a name that is not plain (REGISTRY_REQUEST_INVALID); `what` says which (`namespace`, `alias`). */
export function checkName(what: string, name: string): string {
  if (!NAME.test(name) || name.includes('..')) {
    throw new MlsecError(
      'REGISTRY_REQUEST_INVALID',
      `${what} "${snippet(name, 60)}" is not a name (letters, digits, . _ -, at most 128)`,
    );
  }
  return name;
}

/** MlsecError('REGISTRY_NOT_FOUND') for `what` (already escaped by the caller). */
export function notFound(what: string): MlsecError {
  return new MlsecError('REGISTRY_NOT_FOUND', `${what} does not exist`);
}
