import { isMlsecError, snippet } from '@mlsec/core';
import { baselineCommand } from './commands/baseline.ts';
import { advisoriesCommand } from './commands/advisories.ts';
import { bomCommand } from './commands/bom.ts';
import { convertCommand } from './commands/convert.ts';
import { scanCommand } from './commands/scan.ts';
import { keygenCommand } from './commands/keygen.ts';
import { signCommand } from './commands/sign.ts';
import { verifyCommand } from './commands/verify.ts';
import { provenanceCommand } from './commands/provenance.ts';
import { redactCommand } from './commands/redact.ts';
import { registryCommand } from './commands/registry/index.ts';
import { EXIT } from './exit-codes.ts';
import type { ExitCode } from './exit-codes.ts';
import type { CommandIo } from './io.ts';
import { MLSEC_VERSION } from '@mlsec/scan';

/** Errors about the command line itself: the message ends with a pointer to --help. */
const USAGE_CODES: ReadonlySet<string> = new Set(['CLI_USAGE', 'SCAN_UNKNOWN_SCANNER']);

type Command = (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;

const COMMANDS: Readonly<Record<string, { summary: string; run: Command }>> = {
  scan: {
    summary:
      'scan models, code, notebooks and configs: unsafe artifacts, secrets, vulnerable packages, MLOps settings',
    run: scanCommand,
  },
  baseline: {
    summary: 'record known findings so later scans report only new ones',
    run: baselineCommand,
  },
  keygen: { summary: 'create an ECDSA key pair for signing models', run: keygenCommand },
  sign: { summary: 'sign a model (OpenSSF model signing, Sigstore bundle)', run: signCommand },
  verify: {
    summary: 'verify a model against its signature; list what differs',
    run: verifyCommand,
  },
  provenance: {
    summary: 'capture or verify signed training provenance (in-toto, SLSA v1)',
    run: provenanceCommand,
  },
  bom: { summary: 'write a CycloneDX 1.6 ML-BOM for a model folder or file', run: bomCommand },
  advisories: {
    summary: 'update or show the OSV advisory database dependency checks use',
    run: advisoriesCommand,
  },
  convert: {
    summary:
      'convert PyTorch, HF sharded, NumPy and joblib weights to SafeTensors without unpickling',
    run: convertCommand,
  },
  redact: {
    summary: 'copy a text file or notebook with its secrets replaced (outputs optionally cleared)',
    run: redactCommand,
  },
  registry: {
    summary: 'run the model registry, or push, pull, promote and roll back models in one',
    run: registryCommand,
  },
};

const HELP = `Usage: mlsec <command> [options]

mlsec secures machine-learning pipelines: it inspects model artifacts without ever executing them.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'mlsec <command> --help' for a command's options and examples.

Example:
  mlsec scan ./models
`;

/**
 * The one top-level handler: dispatches a command and maps errors to documented exit codes. MlsecErrors
 * print their code and message; anything else is an internal error (exit 2) with no stack trace.
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [first, ...afterFirst] = argv;
  // `mlsec help sign` and `mlsec --help sign` are `mlsec sign --help`.
  const asksHelp = first === 'help' || first === '--help' || first === '-h';
  const topic = asksHelp ? afterFirst[0] : undefined;
  if (
    first === undefined ||
    (asksHelp && (topic === undefined || !Object.hasOwn(COMMANDS, topic)))
  ) {
    io.stdout.write(HELP);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  const [name, ...rest] = topic === undefined ? [first, ...afterFirst] : [topic, '--help'];
  if (name === '--version' || name === '-V') {
    io.stdout.write(`mlsec ${MLSEC_VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`mlsec: unknown command ${JSON.stringify(snippet(name, 40))}\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isMlsecError(error)) {
      io.stderr.write(`mlsec: error ${error.code}: ${error.message}\n`);
      if (USAGE_CODES.has(error.code)) io.stderr.write(`Run 'mlsec ${name} --help' for usage.\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`mlsec: error CORE_INTERNAL: ${snippet(message)}\n`);
    return EXIT.usage;
  }
}
