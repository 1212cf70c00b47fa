import { MlsecError, snippet } from '@mlsec/core';

/** Which engine a registry database runs on. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/** A parsed registry database URL. */
export type DatabaseTarget =
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres'; readonly connectionString: string };

/**
 * Parse a registry database URL: `sqlite:/path/registry.db` (also `sqlite:relative.db`,
 * `sqlite:///abs.db`, `sqlite::memory:`) or `postgres://user@host:5432/db` (`postgresql://` too).
 * Throws MlsecError('REGISTRY_DB_URL_INVALID') for anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) {
      // sqlite:///abs/path — an authority part is allowed only when empty.
      if (!path.startsWith('///')) throw invalid(url, 'a sqlite URL has no host');
      path = path.slice(2);
    }
    if (path === '') throw invalid(url, 'the sqlite URL has no path');
    if (path.includes('\0')) throw invalid(url, 'the sqlite path holds a NUL character');
    return { engine: 'sqlite', path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid(url, 'the PostgreSQL URL does not parse');
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      throw invalid(url, 'the PostgreSQL URL has no host');
    }
    return { engine: 'postgres', connectionString: url };
  }
  throw invalid(url, 'expected sqlite:PATH or postgres://HOST/DATABASE');
}

/**
 * The URL with any password removed, for messages and logs (`postgres://user:***@host/db`). Not an
 * escaping function: pass the result through snippet() like any other text from outside.
 */
export function redactDatabaseUrl(url: string): string {
  if (!url.startsWith('postgres://') && !url.startsWith('postgresql://')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

function invalid(url: string, why: string): MlsecError {
  return new MlsecError(
    'REGISTRY_DB_URL_INVALID',
    `bad registry database URL "${snippet(redactDatabaseUrl(url), 120)}": ${why}`,
  );
}
