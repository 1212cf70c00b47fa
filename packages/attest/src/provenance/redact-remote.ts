import { isAbsolute, posix, resolve } from 'node:path';

/** scp-like git remotes: `[user@]host:path` (no scheme, and the colon comes before any slash). */
const SCP_LIKE = /^(?:([^@/:]+)@)?([^@/:]+):(?!\/\/)(.+)$/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
/** Schemes where the user name selects an account and is not a secret (authentication is by key). */
const SSH_SCHEMES = new Set(['ssh:', 'git+ssh:', 'ssh+git:']);

/**
 * A git remote safe to publish in provenance: user names and passwords are removed from http(s) and
 * other URLs (tokens are often passed as either), the query string and fragment are dropped (they carry
 * `access_token=` and the like), and scheme and host are lower-cased (RFC 3986 §6.2.2.1, as in-toto
 * ResourceURIs require). For ssh only the user name is kept. scp-like `git@host:org/repo` becomes
 * `ssh://git@host/org/repo`; a local path becomes a `file://` URL, resolved against `repoDir`. Returns
 * undefined for anything else rather than guess.
 */
export function redactRemote(remote: string, repoDir: string): string | undefined {
  const text = remote.trim();
  // Whitespace or control characters: not a URL git would have used; refuse rather than guess.
  if (
    text === '' ||
    [...text].some((c) => /\s/.test(c) || c.charCodeAt(0) < 0x20 || c === '\x7f')
  ) {
    return undefined;
  }
  if (SCHEME.test(text)) return redactUrl(text);
  const scp = SCP_LIKE.exec(text);
  // A Windows drive letter (C:\repo) looks scp-like; it is a path.
  if (scp !== null && !/^[a-zA-Z]:[\\/]/.test(text)) {
    const [, user, host, path] = scp;
    const login = user === undefined ? '' : `${encodeURIComponent(user)}@`;
    return redactUrl(`ssh://${login}${host ?? ''}/${(path ?? '').replace(/^\/+/, '')}`);
  }
  const absolute = isAbsolute(text) ? text : resolve(repoDir, text);
  return redactUrl(`file://${toPosix(absolute).replace(/^(?!\/)/, '/')}`);
}

function redactUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const keepUser = SSH_SCHEMES.has(url.protocol) && url.username !== '';
  const user = keepUser ? url.username : '';
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const out = url.href;
  if (!keepUser) return out;
  // Re-insert the (non-secret) ssh user after the scheme; URL already lower-cased scheme and host.
  return out.replace(/^([a-z0-9+.-]+:\/\/)/, `$1${user}@`);
}

function toPosix(path: string): string {
  return path.split('\\').join(posix.sep);
}
