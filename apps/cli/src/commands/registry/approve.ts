import { MlsecError } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { checkName, parseTaggedRef } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const APPROVE_HELP = `Usage: mlsec registry approve NAMESPACE/MODEL@VERSION ALIAS [options]

Record your approval of VERSION for ALIAS. A gate policy with 'approvals: { count: N }' lets the
version be promoted to ALIAS once N approvers have approved it. Needs the approver role.

Options:
${CONNECTION_HELP}

Exit codes: 0 approved; 2 usage or registry error.

Example:
  mlsec registry approve team/bert@1.4.0 production
`;

/** `mlsec registry approve`. */
export async function approveCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(APPROVE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2)
    throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL@VERSION ALIAS');
  const ref = parseTaggedRef(positionals[0]);
  const alias = checkName(positionals[1] ?? '', 'alias');
  const client = clientFrom(values, io);
  await client.json([ref.namespace, 'models', ref.model, 'versions', ref.tag, 'approvals'], {
    method: 'POST',
    json: { alias },
  });
  io.stderr.write(`mlsec: approved ${ref.namespace}/${ref.model}@${ref.tag} for ${alias}\n`);
  return EXIT.ok;
}
