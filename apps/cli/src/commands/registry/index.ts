import { isMlsecError, snippet } from '@mlsec/core';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { approveCommand } from './approve.ts';
import { auditCommand } from './audit.ts';
import { initCommand } from './init.ts';
import { serveCommand } from './serve.ts';
import { RegistryHttpError } from './client.ts';
import { grantCommand } from './grant.ts';
import { historyCommand } from './history.ts';
import { loginCommand } from './login.ts';
import { namespaceCommand } from './namespace.ts';
import { policyCommand } from './policy.ts';
import { promoteCommand } from './promote.ts';
import { pullCommand } from './pull.ts';
import { pushCommand } from './push.ts';
import { rollbackCommand } from './rollback.ts';
import type { Subcommand } from './subcommand.ts';
import { tokenCommand } from './token.ts';

/** Server side first (run the registry), then the client commands (talk to one). */
const SUBCOMMANDS: Readonly<Record<string, { usage: string; summary: string; run: Subcommand }>> = {
  // Server side.
  init: {
    usage: 'init DIR --admin NAME',
    summary: 'create a registry data folder and its first admin token',
    run: initCommand,
  },
  serve: {
    usage: 'serve DIR',
    summary: 'run the registry HTTP API',
    run: serveCommand,
  },
  audit: {
    usage: 'audit verify DIR',
    summary: 'recompute the tamper-evident log and check every row and checkpoint',
    run: auditCommand,
  },
  // Client side.
  login: {
    usage: 'login URL',
    summary: 'store the registry URL and your API token',
    run: loginCommand,
  },
  push: {
    usage: 'push NS/MODEL@VERSION DIR',
    summary: 'upload a model folder as a new version',
    run: pushCommand,
  },
  pull: {
    usage: 'pull NS/MODEL@VERSION|@ALIAS DIR',
    summary: 'download a ready version, every file SHA-256 verified',
    run: pullCommand,
  },
  promote: {
    usage: 'promote NS/MODEL ALIAS VERSION',
    summary: 'point an alias at a version through the gates',
    run: promoteCommand,
  },
  approve: {
    usage: 'approve NS/MODEL@VERSION ALIAS',
    summary: 'approve a version for an alias',
    run: approveCommand,
  },
  rollback: {
    usage: 'rollback NS/MODEL ALIAS',
    summary: 'move an alias back to its previous version',
    run: rollbackCommand,
  },
  history: {
    usage: 'history NS/MODEL ALIAS',
    summary: "an alias's moves, or its target at a time",
    run: historyCommand,
  },
  namespace: { usage: 'namespace create NS', summary: 'create a namespace', run: namespaceCommand },
  grant: {
    usage: 'grant NS PRINCIPAL ROLE',
    summary: 'grant or revoke a role in a namespace',
    run: grantCommand,
  },
  token: {
    usage: 'token create NS PRINCIPAL',
    summary: 'mint an API token (printed once)',
    run: tokenCommand,
  },
  policy: {
    usage: 'policy set NS FILE',
    summary: "replace a namespace's gate policy",
    run: policyCommand,
  },
};

export const REGISTRY_HELP = `Usage: mlsec registry <subcommand> [options]

The tamper-evident model registry: immutable versions, aliases moved only through a namespace's
gate policy, every change and download in a signed transparency log.

Subcommands:
${Object.values(SUBCOMMANDS)
  .map((s) => `  ${s.usage.padEnd(34)} ${s.summary}`)
  .join('\n')}

Run 'mlsec registry <subcommand> --help' for its options and an example.

Exit codes: 0 done; 1 a promotion refused by a gate, or a pulled file that failed verification;
2 usage, I/O or registry error (printed as 'mlsec: error CODE: message', CODE the registry's).

Example:
  mlsec registry login https://registry.example.com --token-file ~/.secrets/mlsec.token
  mlsec registry push team/bert@1.4.0 ./bert --metrics eval.json
  mlsec registry promote team/bert production 1.4.0 --reason "eval passed"
  mlsec registry pull team/bert@production ./bert
`;

/** Codes that mean "checked and refused" rather than "could not run": exit 1. */
const REFUSED_CODES: ReadonlySet<string> = new Set([
  'CLI_REGISTRY_VERIFY_FAILED',
  'CLI_REGISTRY_SIGNATURE_FAILED',
]);

/**
 * `mlsec registry`: dispatch a subcommand. The registry's own error codes (RegistryHttpError) print
 * like MlsecErrors; usage errors go up to runCli, which points at --help.
 */
export async function registryCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && Object.hasOwn(SUBCOMMANDS, topic)) {
      return SUBCOMMANDS[topic]?.run(['--help'], io) ?? EXIT.usage;
    }
    io.stdout.write(REGISTRY_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (sub === undefined) {
    io.stderr.write(`mlsec: unknown registry subcommand ${JSON.stringify(snippet(name, 40))}\n\n`);
    io.stderr.write(REGISTRY_HELP);
    return EXIT.usage;
  }
  try {
    return await sub.run(rest, io);
  } catch (error) {
    if (error instanceof RegistryHttpError) {
      io.stderr.write(`mlsec: error ${error.code}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (isMlsecError(error) && REFUSED_CODES.has(error.code)) {
      io.stderr.write(`mlsec: error ${error.code}: ${error.message}\n`);
      return EXIT.findings;
    }
    if (isMlsecError(error) && error.code === 'CLI_USAGE') {
      io.stderr.write(`mlsec: error ${error.code}: ${error.message}\n`);
      io.stderr.write(`Run 'mlsec registry ${name} --help' for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
