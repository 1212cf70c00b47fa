import { MlsecError, snippet } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { field, isArray, isStringOrNull, RegistryHttpError } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { checkName, parseModelRef } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const PROMOTE_HELP = `Usage: mlsec registry promote NAMESPACE/MODEL ALIAS VERSION --reason TEXT [options]

Point ALIAS (e.g. production) at VERSION through the namespace's gate policy: the registry checks
every gate (upload checks, signature, scan, metrics, approvals) and moves the alias only when all
pass. A refusal lists each gate with passed/FAILED and why. The move and its reason are logged.

Options:
      --reason <TEXT>   why (required; stored in the tamper-evident log)
      --json            print the registry's answer (from, to, gates) as JSON on stdout
${CONNECTION_HELP}

Exit codes: 0 promoted; 1 a gate refused the promotion; 2 usage or registry error.

Example:
  mlsec registry promote team/bert production 1.4.0 --reason "eval passed, CHG-1234"
`;

/** `gate: passed|FAILED: detail` lines of a gate verdict list from the registry. */
export function gateLines(gates: unknown): string[] {
  if (!Array.isArray(gates)) return [];
  return gates.map((g: unknown) => {
    const r = (typeof g === 'object' && g !== null ? g : {}) as Record<string, unknown>;
    const gate = typeof r['gate'] === 'string' ? snippet(r['gate'], 60) : '?';
    const detail = typeof r['detail'] === 'string' ? snippet(r['detail'], 300) : '';
    return `  ${r['passed'] === true ? 'passed' : 'FAILED'} ${gate}${detail ? `: ${detail}` : ''}\n`;
  });
}

/** `mlsec registry promote`. */
export async function promoteCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    reason: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(PROMOTE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 3)
    throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL ALIAS VERSION');
  const ref = parseModelRef(positionals[0]);
  const alias = checkName(positionals[1] ?? '', 'alias');
  const version = checkName(positionals[2] ?? '', 'version');
  if (values.reason === undefined || values.reason.trim() === '') {
    throw new MlsecError('CLI_USAGE', '--reason is required (it is logged with the move)');
  }
  const client = clientFrom(values, io);
  const name = `${ref.namespace}/${ref.model}`;
  let answer: unknown;
  try {
    answer = await client.json([ref.namespace, 'models', ref.model, 'aliases', alias], {
      method: 'POST',
      json: { version, reason: values.reason },
    });
  } catch (error) {
    if (!(error instanceof RegistryHttpError) || error.status !== 422) throw error;
    const gates = (error.body as { gates?: unknown } | undefined)?.gates;
    io.stderr.write(
      `mlsec: promotion of ${name}@${version} to ${alias} refused (${error.code}):\n`,
    );
    for (const line of gateLines(gates)) io.stderr.write(line);
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ promoted: false, code: error.code, message: error.message, gates: Array.isArray(gates) ? gates : [] }, null, 2)}\n`,
      );
    }
    return EXIT.findings;
  }
  const from = field(answer, 'from', isStringOrNull, 'previous target');
  const gates = field(answer, 'gates', isArray, 'gate verdicts');
  io.stderr.write(
    `mlsec: ${name} ${alias}: ${from === null ? '(none)' : snippet(from, 128)} -> ${version}\n`,
  );
  for (const line of gateLines(gates)) io.stderr.write(line);
  if (values.json)
    io.stdout.write(
      `${JSON.stringify({ promoted: true, alias, from, to: version, gates }, null, 2)}\n`,
    );
  return EXIT.ok;
}
