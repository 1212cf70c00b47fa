import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { checkRegistryUrl, checkToken, readTokenFile, writeLogin } from './config.ts';

export const LOGIN_HELP = `Usage: mlsec registry login URL (--token-file FILE | --token-env VAR) [options]

Store the registry URL and an API token (from mlsec registry token create, or registry init) so the
other registry commands need neither. They go to $MLSEC_CONFIG_DIR/registry.json, else
~/.config/mlsec/registry.json, readable by you only (mode 0600). The token is never printed, and is
sent only to this URL (--registry with another URL sends no stored token). MLSEC_REGISTRY_TOKEN,
when set, overrides the stored token.

The URL must be https://, or http:// on a loopback address (localhost, 127.0.0.1, [::1]).

Options:
      --token-file <FILE>  read the token from FILE (its first line)
      --token-env <VAR>    read the token from environment variable VAR
      --insecure           allow http:// to a host that is not loopback (the token travels in clear)
  -h, --help               show this help

Exit codes: 0 stored; 2 usage or I/O error.

Examples:
  mlsec registry login https://registry.example.com --token-file ~/.secrets/mlsec.token
  MY_TOKEN=... mlsec registry login http://127.0.0.1:8470 --token-env MY_TOKEN
`;

/** `mlsec registry login`. */
export function loginCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    'token-file': { type: 'string' },
    'token-env': { type: 'string' },
    insecure: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(LOGIN_HELP);
    return Promise.resolve(EXIT.ok);
  }
  if (positionals.length !== 1) throw new MlsecError('CLI_USAGE', 'give the registry URL');
  const url = checkRegistryUrl(positionals[0] ?? '', values.insecure);
  const file = values['token-file'];
  const variable = values['token-env'];
  if ((file === undefined) === (variable === undefined)) {
    // Never from argv: a token on the command line lands in shell history and `ps`.
    throw new MlsecError('CLI_USAGE', 'give exactly one of --token-file FILE or --token-env VAR');
  }
  let token: string;
  if (file !== undefined) token = readTokenFile(resolve(io.cwd, file));
  else {
    const value = io.env[variable ?? ''];
    if (value === undefined || value === '') {
      throw new MlsecError(
        'CLI_USAGE',
        `environment variable ${(variable ?? '').slice(0, 60)} is not set`,
      );
    }
    token = checkToken(value, `--token-env ${(variable ?? '').slice(0, 60)}`);
  }
  const path = writeLogin(io, { url, token });
  io.stderr.write(`mlsec: stored the login for ${url} in ${path}\n`);
  return Promise.resolve(EXIT.ok);
}
