import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { convertFile, ConvertRefusedError } from '@mlsec/scan';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';

export const CONVERT_HELP = `Usage: mlsec convert [options] INPUT

Convert a PyTorch checkpoint written by torch.save (zip or legacy format, one file) into SafeTensors
without unpickling it. The checkpoint's pickle is read by an allow-list of the constructors real
checkpoints use (OrderedDict, tensor and parameter rebuilds, storage and dtype types); anything else
refuses the conversion and nothing is written. Views are written contiguous, tied weights once (the
other names are recorded in the metadata, as safetensors' save_model does), and training checkpoints
keep only their model weights ('state_dict' or 'model'; optimizer state is dropped, with a notice).
The output's metadata holds format=pt and the source's SHA-256.

Options:
  -o, --out <FILE>   output file (default: beside INPUT, .safetensors instead of its extension;
                     pytorch_model*.bin becomes model*.safetensors)
      --force        replace an existing output file
  -q, --quiet        no summary on stderr
  -h, --help         show this help

Exit codes: 0 converted; 1 refused: the checkpoint holds something outside the allow-list (run
'mlsec scan INPUT' for the findings); 2 usage, I/O error, or not a PyTorch checkpoint.

Examples:
  mlsec convert pytorch_model.bin              writes model.safetensors beside it
  mlsec convert -o weights.safetensors ckpt.pt
`;

/** Where the output goes by default: the Hugging Face name for pytorch_model*.bin, else INPUT's stem. */
function defaultOutput(input: string): string {
  const name = basename(input);
  const hf = /^pytorch_model(.*)\.bin$/.exec(name);
  const stem = hf ? `model${hf[1]}` : name.replace(/\.[^.]+$/, '');
  return join(dirname(input), `${stem || name}.safetensors`);
}

/** `mlsec convert`: returns the exit code. */
export async function convertCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(CONVERT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new MlsecError('CLI_USAGE', 'give exactly one INPUT checkpoint');
  const input = resolve(io.cwd, positionals[0]!);
  const output = values.out === undefined ? defaultOutput(input) : resolve(io.cwd, values.out);
  if (output === input) throw new MlsecError('CLI_USAGE', 'the output would replace the input');
  if (existsSync(output) && !values.force) {
    throw new MlsecError('CLI_OUTPUT_FAILED', `${output} exists; use --force to replace it`);
  }
  try {
    const result = await convertFile(input, output);
    if (!values.quiet) {
      const tied = Object.keys(result.tied).length;
      io.stderr.write(
        `mlsec: wrote ${output} (${result.written.length} tensors, ${result.output.totalBytes} bytes` +
          `${tied > 0 ? `, ${tied} tied name${tied === 1 ? '' : 's'} recorded` : ''}; source sha256 ${result.sourceSha256})\n`,
      );
      for (const notice of result.notices)
        io.stderr.write(`mlsec: note: ${snippet(notice, 200)}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ConvertRefusedError)) throw error;
    const { refusal } = error;
    const where = [
      refusal.global !== undefined ? `global ${snippet(refusal.global, 120)}` : '',
      refusal.offset !== undefined ? `at offset ${refusal.offset}` : '',
    ]
      .filter((part) => part !== '')
      .join(' ');
    io.stderr.write(
      `mlsec: conversion refused (${refusal.code}): ${snippet(refusal.message, 200)}` +
        `${where ? ` [${where}]` : ''}; nothing was written. Run 'mlsec scan' on it for the findings.\n`,
    );
    return EXIT.findings;
  }
}
