import { MlsecError } from '@mlsec/core';
import { choice, parseCommandArgs, positiveInt } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { field, isString } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { ROLES } from './grant.ts';
import { checkName } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const TOKEN_HELP = `Usage: mlsec registry token create NAMESPACE PRINCIPAL --roles ROLE[,ROLE] [options]

Mint an API token that acts as PRINCIPAL with ROLES in NAMESPACE, e.g. for a CI job. The token is
printed once, on stdout only, and the registry keeps only its SHA-256: store it in a secret manager
now. Needs admin in NAMESPACE.

Options:
      --roles <LIST>    comma-separated: reader, publisher, approver, admin (required)
      --days <N>        lifetime in days, 1 to 366 (default: the registry's, 30)
${CONNECTION_HELP}

Exit codes: 0 created; 2 usage or registry error.

Example:
  mlsec registry token create team ci-bot --roles publisher --days 90 > ci.token
`;

/** `mlsec registry token create`. */
export async function tokenCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    roles: { type: 'string' },
    days: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(TOKEN_HELP);
    return EXIT.ok;
  }
  if (positionals[0] !== 'create' || positionals.length !== 3) {
    throw new MlsecError('CLI_USAGE', 'give create NAMESPACE PRINCIPAL --roles ROLES');
  }
  const namespace = checkName(positionals[1] ?? '', 'namespace');
  const principal = positionals[2] ?? '';
  if (principal === '' || principal.length > 256) {
    throw new MlsecError('CLI_USAGE', 'PRINCIPAL must be 1 to 256 characters');
  }
  if (values.roles === undefined) throw new MlsecError('CLI_USAGE', '--roles is required');
  const roles = [...new Set(values.roles.split(',').map((r) => choice('roles', r.trim(), ROLES)))];
  const days = values.days === undefined ? undefined : positiveInt('days', values.days);
  if (days !== undefined && days > 366) throw new MlsecError('CLI_USAGE', '--days is at most 366');
  const client = clientFrom(values, io);
  const answer = await client.json([namespace, 'tokens'], {
    method: 'POST',
    json: { principal, roles, ...(days === undefined ? {} : { days }) },
  });
  const token = field(answer, 'token', isString, 'token');
  const expires = field(answer, 'expiresAt', isString, 'expiry');
  io.stdout.write(`${token}\n`);
  io.stderr.write(
    `mlsec: token for ${principal} (${roles.join(', ')} in ${namespace}) expires ${expires.slice(0, 40)}; it is shown only this once\n`,
  );
  return EXIT.ok;
}
