import { MlsecError, snippet } from '@mlsec/core';
import { choice, parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { field, isBoolean } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { checkName } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

/** The registry's roles, least to most. */
export const ROLES = ['reader', 'publisher', 'approver', 'admin'] as const;

export const GRANT_HELP = `Usage: mlsec registry grant NAMESPACE PRINCIPAL ROLE [options]

Give PRINCIPAL (a user or service name, or an OIDC subject the registry maps) ROLE in NAMESPACE:
  reader     pull versions, read history
  publisher  reader, and push versions, promote and roll back aliases
  approver   reader, and approve versions for an alias (not push: separation of duties)
  admin      every role, and grant roles, mint tokens, set the gate policy
Needs admin in NAMESPACE. The change is logged. Approver and admin tokens for someone else are
minted only by a registry-wide admin (admin on *).

Options:
      --revoke          take the role away instead
${CONNECTION_HELP}

Exit codes: 0 done (also when nothing changed); 2 usage or registry error.

Examples:
  mlsec registry grant team ci-bot publisher
  mlsec registry grant team alice approver --revoke
`;

/** `mlsec registry grant`. */
export async function grantCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    revoke: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(GRANT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 3) throw new MlsecError('CLI_USAGE', 'give NAMESPACE PRINCIPAL ROLE');
  const namespace = checkName(positionals[0] ?? '', 'namespace');
  const principal = positionals[1] ?? '';
  if (principal === '' || principal.length > 256) {
    throw new MlsecError('CLI_USAGE', 'PRINCIPAL must be 1 to 256 characters');
  }
  const role = choice('ROLE', positionals[2] ?? '', ROLES);
  const client = clientFrom(values, io);
  const answer = await client.json([namespace, 'grants'], {
    method: 'POST',
    json: { principal, role, ...(values.revoke ? { revoke: true } : {}) },
  });
  const changed = field(answer, 'changed', isBoolean, 'change flag');
  const what = values.revoke ? 'revoked' : 'granted';
  io.stderr.write(
    `mlsec: ${changed ? what : `already ${what}`}: ${role} in ${namespace} for ${snippet(principal, 256)}\n`,
  );
  return EXIT.ok;
}
