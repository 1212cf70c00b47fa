import { MlsecError, snippet } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { field, isString, isStringOrNull } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { checkName, parseModelRef } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const ROLLBACK_HELP = `Usage: mlsec registry rollback NAMESPACE/MODEL ALIAS --reason TEXT [options]

Point ALIAS back at the version it pointed at before its last move, in one call (no gates: the
previous version already passed them). The move and its reason are logged.

Options:
      --reason <TEXT>   why (required; stored in the tamper-evident log)
      --json            print the move (from, to) as JSON on stdout
${CONNECTION_HELP}

Exit codes: 0 rolled back; 2 usage or registry error (e.g. the alias has no earlier version).

Example:
  mlsec registry rollback team/bert production --reason "latency regression, INC-77"
`;

/** `mlsec registry rollback`. */
export async function rollbackCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    reason: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(ROLLBACK_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL ALIAS');
  const ref = parseModelRef(positionals[0]);
  const alias = checkName(positionals[1] ?? '', 'alias');
  if (values.reason === undefined || values.reason.trim() === '') {
    throw new MlsecError('CLI_USAGE', '--reason is required (it is logged with the move)');
  }
  const client = clientFrom(values, io);
  const answer = await client.json(
    [ref.namespace, 'models', ref.model, 'aliases', alias, 'rollback'],
    { method: 'POST', json: { reason: values.reason } },
  );
  const from = field(answer, 'from', isStringOrNull, 'previous target');
  const to = field(answer, 'to', isString, 'new target');
  io.stderr.write(
    `mlsec: ${ref.namespace}/${ref.model} ${alias}: ${from === null ? '(none)' : snippet(from, 128)} -> ${snippet(to, 128)} (rolled back)\n`,
  );
  if (values.json) io.stdout.write(`${JSON.stringify({ alias, from, to }, null, 2)}\n`);
  return EXIT.ok;
}
