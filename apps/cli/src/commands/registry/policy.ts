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
  trust:                  # who may sign models and provenance, checked on every push
    keys: { release: "-----BEGIN PUBLIC KEY-----\n…" }
  default:
    scan: { max_severity: medium }
  aliases:
    production:
      signature: { keys: [release] }
      scan: { max_severity: low }
      metrics: { accuracy: { min: 0.92 } }
      approvals: { count: 2 }

Options:
      --trust-key <NAME=PEM>  add the public key in file PEM (mlsec keygen's .pub) under trust.keys
                              as NAME; repeatable. FILE must then have no trust: section of its own
${CONNECTION_HELP}

Exit codes: 0 set; 2 usage or registry error (e.g. REGISTRY_GATE_POLICY_INVALID).

Examples:
  mlsec registry policy set team gates.yaml
  mlsec registry policy set team gates.yaml --trust-key release=release.pub
`;

/** Largest public key file read for --trust-key. */
const MAX_KEY_BYTES = 16 * 1024;

/**
 * FILE's text with a `trust.keys` section appended (comments and layout kept as written): one block
 * scalar per key. The registry validates the result like any policy.
 */
function withTrustKeys(policy: string, keys: readonly string[], cwd: string): string {
  if (/^trust\s*:/m.test(policy)) {
    throw new MlsecError(
      'CLI_USAGE',
      '--trust-key: FILE already has a trust: section; add the keys there instead',
    );
  }
  const lines = ['trust:', '  keys:'];
  for (const spec of keys) {
    const at = spec.indexOf('=');
    if (at < 1) throw new MlsecError('CLI_USAGE', '--trust-key takes NAME=PEMFILE');
    const name = checkName(spec.slice(0, at), 'key name');
    const pem = readSmallText(resolve(cwd, spec.slice(at + 1)), '--trust-key', MAX_KEY_BYTES);
    if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
      throw new MlsecError('CLI_USAGE', `--trust-key ${name}: the file holds no PEM public key`);
    }
    lines.push(
      `    ${name}: |`,
      ...pem
        .trim()
        .split(/\r?\n/)
        .map((l) => `      ${l.trim()}`),
    );
  }
  return `${policy.replace(/\s*$/, '')}\n${lines.join('\n')}\n`;
}

/** `mlsec registry policy set`. */
export async function policyCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    'trust-key': { type: 'string', multiple: true },
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
  const text = readSmallText(resolve(io.cwd, positionals[2] ?? ''), 'FILE', MAX_POLICY_BYTES);
  const trustKeys = values['trust-key'] ?? [];
  const body = trustKeys.length === 0 ? text : withTrustKeys(text, trustKeys, io.cwd);
  const client = clientFrom(values, io);
  const answer = await client.json([namespace, 'policy'], {
    method: 'PUT',
    text: { body, contentType: 'text/yaml' },
  });
  const digest = field(answer, 'policySha256', isString, 'policy digest');
  io.stderr.write(`mlsec: set the gate policy of ${namespace} (sha256 ${digest.slice(0, 64)})\n`);
  return EXIT.ok;
}
