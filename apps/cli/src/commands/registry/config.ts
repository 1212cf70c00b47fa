import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import type { CommandIo } from '../../io.ts';

/** Largest registry.json or token file read (a token is a few hundred bytes). */
const MAX_CONFIG_BYTES = 64 * 1024;

/** What `mlsec registry login` stores: the registry's base URL and an API token for it. */
export interface StoredLogin {
  readonly url: string;
  readonly token: string;
}

/** Where the login lives: $MLSEC_CONFIG_DIR/registry.json, else ~/.config/mlsec/registry.json. */
export function configPath(io: CommandIo): string {
  const dir = io.env['MLSEC_CONFIG_DIR'] ?? join(io.env['HOME'] ?? homedir(), '.config', 'mlsec');
  return join(dir, 'registry.json');
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * Parse and check a registry URL: https, or http on a loopback address (anything else only with
 * --insecure, since the token would cross the network in clear). Returns it without a trailing '/'.
 */
export function checkRegistryUrl(text: string, insecure: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MlsecError('CLI_USAGE', `${JSON.stringify(snippet(text, 200))} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MlsecError(
      'CLI_REGISTRY_INSECURE_URL',
      'the registry URL must be https:// or http://',
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new MlsecError(
      'CLI_USAGE',
      'the registry URL takes no user, password, query or fragment (the token goes in --token-file)',
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !insecure) {
    throw new MlsecError(
      'CLI_REGISTRY_INSECURE_URL',
      `refusing http://${snippet(url.host, 200)}: the token would travel unencrypted (use https://, or --insecure)`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** Read the stored login, or undefined when there is none; a malformed file is an error. */
export function readLogin(io: CommandIo): StoredLogin | undefined {
  const path = configPath(io);
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_CONFIG_BYTES) throw new Error('too large');
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MlsecError('CLI_REGISTRY_NOT_CONFIGURED', `cannot read ${path}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = value as Record<string, unknown> | undefined;
  if (typeof record?.['url'] !== 'string' || typeof record['token'] !== 'string') {
    throw new MlsecError(
      'CLI_REGISTRY_NOT_CONFIGURED',
      `${path} is not a login written by mlsec registry login (run it again)`,
    );
  }
  return { url: record['url'], token: record['token'] };
}

/** Store the login with mode 0600 (folder 0700), written to a temporary file and renamed into place. */
export function writeLogin(io: CommandIo, login: StoredLogin): string {
  const path = configPath(io);
  const dir = join(path, '..');
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch (error) {
    throw new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot write ${path}`, { cause: error });
  }
  return path;
}

/** Read a token from a file (first line, trimmed), bounded in size. */
export function readTokenFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot read ${snippet(path, 200)}`, {
      cause: error,
    });
  }
  if (bytes.length > MAX_CONFIG_BYTES) {
    throw new MlsecError('CLI_USAGE', '--token-file is larger than any token');
  }
  return checkToken(bytes.toString('utf8').split(/\r?\n/, 1)[0] ?? '', '--token-file');
}

/** A token is one line of printable ASCII (it goes into an HTTP header). */
export function checkToken(token: string, from: string): string {
  const trimmed = token.trim();
  if (!/^[\x21-\x7e]{1,4096}$/.test(trimmed)) {
    throw new MlsecError('CLI_USAGE', `${from} holds no token (one line of printable ASCII)`);
  }
  return trimmed;
}

/** The connection flags every client subcommand takes. */
export const CONNECTION_OPTIONS = {
  registry: { type: 'string' },
  insecure: { type: 'boolean', default: false },
} as const;

/** The registry to talk to and the token to send (undefined: anonymous, for public namespaces). */
export interface Connection {
  readonly url: string;
  readonly token: string | undefined;
}

/**
 * --registry, else the stored login's URL; the token from MLSEC_REGISTRY_TOKEN, else the stored one,
 * but only for the URL it was stored with (a token is never sent to another registry).
 */
export function resolveConnection(
  flags: { registry?: string | undefined; insecure: boolean },
  io: CommandIo,
): Connection {
  const login = readLogin(io);
  const chosen = flags.registry ?? login?.url;
  if (chosen === undefined) {
    throw new MlsecError(
      'CLI_REGISTRY_NOT_CONFIGURED',
      'no registry: run mlsec registry login URL --token-file FILE, or pass --registry URL',
    );
  }
  const url = checkRegistryUrl(chosen, flags.insecure);
  const fromEnv = io.env['MLSEC_REGISTRY_TOKEN'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { url, token: checkToken(fromEnv, 'MLSEC_REGISTRY_TOKEN') };
  }
  const stored = login !== undefined && login.url === url ? login.token : undefined;
  return { url, token: stored };
}
