import { MlsecError, snippet } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { field, isArray, isStringOrNull } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { checkName, parseModelRef } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const HISTORY_HELP = `Usage: mlsec registry history NAMESPACE/MODEL ALIAS [options]

Show every move of ALIAS, oldest first (time, from, to, who, reason), and the version it points at
now, or with --at the version it pointed at then.

Options:
      --at <ISO-TIME>   the alias's target at that time (e.g. 2025-03-01T12:00:00Z)
      --json            print the registry's answer as JSON on stdout
${CONNECTION_HELP}

Exit codes: 0 shown; 2 usage or registry error (e.g. no such alias).

Examples:
  mlsec registry history team/bert production
  mlsec registry history team/bert production --at 2025-03-01T12:00:00Z --json
`;

const text = (v: unknown): string => (typeof v === 'string' ? snippet(v, 200) : '-');

/** `mlsec registry history`. */
export async function historyCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    at: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(HISTORY_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL ALIAS');
  const ref = parseModelRef(positionals[0]);
  const alias = checkName(positionals[1] ?? '', 'alias');
  if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) {
    throw new MlsecError('CLI_USAGE', '--at must be an ISO 8601 time, e.g. 2025-03-01T12:00:00Z');
  }
  const client = clientFrom(values, io);
  const answer = await client.json(
    [ref.namespace, 'models', ref.model, 'aliases', alias, 'history'],
    values.at === undefined ? {} : { query: { at: new Date(values.at).toISOString() } },
  );
  const target = field(answer, 'target', isStringOrNull, 'target');
  const moves = field(answer, 'moves', isArray, 'moves');
  if (values.json) {
    io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return EXIT.ok;
  }
  const when = values.at === undefined ? 'now' : `at ${new Date(values.at).toISOString()}`;
  io.stdout.write(
    `${ref.namespace}/${ref.model} ${alias} ${when}: ${target === null ? '(no version)' : text(target)}\n`,
  );
  for (const move of moves) {
    const m = (typeof move === 'object' && move !== null ? move : {}) as Record<string, unknown>;
    io.stdout.write(
      `  ${text(m['at'])}  ${m['from'] === null ? '(none)' : text(m['from'])} -> ${text(m['to'])}` +
        `  by ${text(m['by'])}${typeof m['reason'] === 'string' ? `: ${text(m['reason'])}` : ''}\n`,
    );
  }
  return EXIT.ok;
}
