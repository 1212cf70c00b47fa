import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { field, isString } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { readSmallText } from './local-text.ts';
import { checkName } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

/** The registry refuses larger gate policies; checked here first so a wrong file is not sent. */
const MAX_POLICY_BYTES = 256 * 1024;

export const POLICY_HELP = `Usage: mlsec registry policy set NAMESPACE FILE [options]

Replace NAMESPACE's gate policy with the YAML in FILE. The registry validates it (unknown keys,
bad values and YAML hazards are refused with the path of each problem) before it takes effect; the
change is logged with the policy's SHA-256. Needs admin in NAMESPACE.

A policy looks like (apps/registry/examples/gate-policy.yaml has every gate):
  version: 1
  default:
    scan: { max_severity: medium }
  aliases:
    production:
      scan: { max_severity: low }
      metrics: { accuracy: { min: 0.92 } }
      approvals: { count: 2 }

Options:
${CONNECTION_HELP}

Exit codes: 0 set; 2 usage or registry error (e.g. REGISTRY_GATE_POLICY_INVALID).

Example:
  mlsec registry policy set team gates.yaml
`;

/** `mlsec registry policy set`. */
export async function policyCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(POLICY_HELP);
    return EXIT.ok;
  }
  if (positionals[0] !== 'set' || positionals.length !== 3) {
    throw new MlsecError('CLI_USAGE', 'give set NAMESPACE FILE');
  }
  const namespace = checkName(positionals[1] ?? '', 'namespace');
  const body = readSmallText(resolve(io.cwd, positionals[2] ?? ''), 'FILE', MAX_POLICY_BYTES);
  const client = clientFrom(values, io);
  const answer = await client.json([namespace, 'policy'], {
    method: 'PUT',
    text: { body, contentType: 'text/yaml' },
  });
  const digest = field(answer, 'policySha256', isString, 'policy digest');
  io.stderr.write(`mlsec: set the gate policy of ${namespace} (sha256 ${digest.slice(0, 64)})\n`);
  return EXIT.ok;
}
