import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import type { Finding } from '@mlsec/core';
import { convertFile, convertSharded, ConvertRefusedError } from '@mlsec/scan';
import type { ConvertProgress, ConvertResult, ShardedResult } from '@mlsec/scan';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';
import { convertProgress } from '../progress.ts';
import { formatLocation } from '../render/location.ts';

export const CONVERT_HELP = `Usage: mlsec convert [options] INPUT...

Convert pickle-based weights into SafeTensors without unpickling them. Each INPUT is one of:
  - a PyTorch checkpoint written by torch.save (zip or legacy format);
  - a Hugging Face sharded checkpoint: its pytorch_model.bin.index.json, or the folder holding it
    (a folder holding only pytorch_model.bin converts that file);
  - a NumPy .npy or .npz of numeric arrays (big-endian and Fortran-order arrays are rewritten
    little-endian, C order);
  - a joblib.dump file (plain or compressed) holding NumPy arrays or dicts of them.
The format is found from the content, not the file name.

Pickles are read by an allow-list of the constructors real checkpoints use (OrderedDict, tensor and
parameter rebuilds, storage and dtype types, joblib's array wrapper); anything else refuses the
conversion, prints the scanner's findings for the file, and writes nothing. Views are written
contiguous, tied weights once (the other names are recorded in the metadata, as safetensors'
save_model does), and training checkpoints keep only their model weights ('state_dict' or 'model';
optimizer state is dropped, with a notice). The output's metadata holds format=pt and the source's
SHA-256.

Options:
  -o, --out <PATH>   output file (one INPUT file) or folder (one sharded INPUT). Default: beside each
                     INPUT, .safetensors instead of its extension; pytorch_model*.bin becomes
                     model*.safetensors and the index model.safetensors.index.json
      --verify       re-read each output and compare every tensor and the metadata with the source;
                     a difference removes the output (SCAN_CONVERT_VERIFY_FAILED)
      --force        replace existing outputs
      --json         print a JSON summary of every INPUT on stdout
  -q, --quiet        no summary on stderr
  -h, --help         show this help

Exit codes: 0 every INPUT converted; 1 an INPUT was refused: it holds something outside the allow-list
(the scanner's findings are printed) or a type SafeTensors cannot hold; 2 usage, I/O error, or an
INPUT that is not a format convert reads (the others are still converted).

Examples:
  mlsec convert pytorch_model.bin                  writes model.safetensors beside it
  mlsec convert --verify checkpoints/*.pt          one .safetensors beside each, each verified
  mlsec convert ./llama-7b                         the shards of pytorch_model.bin.index.json
  mlsec convert -o weights.safetensors ckpt.pt
`;

const INDEX_FILE = 'pytorch_model.bin.index.json';

/** What one INPUT is: a single file, or a sharded checkpoint's index. */
type Job = { kind: 'file'; input: string } | { kind: 'sharded'; index: string };

function jobOf(input: string): Job {
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new MlsecError('CLI_USAGE', `${snippet(input, 200)} does not exist`);
  }
  if (stat.isDirectory()) {
    if (existsSync(join(input, INDEX_FILE))) {
      return { kind: 'sharded', index: join(input, INDEX_FILE) };
    }
    if (existsSync(join(input, 'pytorch_model.bin'))) {
      return { kind: 'file', input: join(input, 'pytorch_model.bin') };
    }
    throw new MlsecError(
      'CLI_USAGE',
      `${snippet(input, 200)} holds neither ${INDEX_FILE} nor pytorch_model.bin`,
    );
  }
  return input.endsWith('.index.json')
    ? { kind: 'sharded', index: input }
    : { kind: 'file', input };
}

/** Where a single file goes by default: the Hugging Face name for pytorch_model*.bin, else its stem. */
function defaultOutput(input: string): string {
  const name = basename(input);
  const hf = /^pytorch_model(.*)\.bin$/.exec(name);
  const stem = hf ? `model${hf[1]}` : name.replace(/\.[^.]+$/, '');
  return join(dirname(input), `${stem || name}.safetensors`);
}

interface Outcome {
  readonly json: Record<string, unknown>;
  readonly exit: ExitCode;
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: formatLocation(f.location),
  };
}

function fileJson(result: ConvertResult, output: string): Record<string, unknown> {
  return {
    output,
    format: result.format,
    tensors: result.written.length,
    bytes: result.output.totalBytes,
    sha256: result.output.sha256,
    sourceSha256: result.sourceSha256,
    tied: result.tied,
    notices: result.notices,
    ...(result.unwrapped === undefined ? {} : { unwrapped: result.unwrapped }),
    ...(result.verified === undefined ? {} : { verified: result.verified }),
  };
}

function summary(result: ConvertResult, output: string): string {
  const tied = Object.keys(result.tied).length;
  return (
    `mlsec: wrote ${output} (${result.written.length} tensors, ${result.output.totalBytes} bytes` +
    `${tied > 0 ? `, ${tied} tied name${tied === 1 ? '' : 's'} recorded` : ''}` +
    `${result.verified === undefined ? '' : ', verified'}; source sha256 ${result.sourceSha256})\n`
  );
}

function reportRefusal(input: string, error: ConvertRefusedError, io: CommandIo, quiet: boolean) {
  const { refusal, findings } = error;
  if (!quiet) {
    const where = [
      refusal.global !== undefined ? `global ${snippet(refusal.global, 120)}` : '',
      refusal.offset !== undefined ? `at offset ${refusal.offset}` : '',
    ]
      .filter((part) => part !== '')
      .join(' ');
    io.stderr.write(
      `mlsec: ${input}: conversion refused (${refusal.code}): ${snippet(refusal.message, 200)}` +
        `${where ? ` [${where}]` : ''}; nothing was written.\n`,
    );
    for (const f of findings) {
      io.stderr.write(
        `  ${f.severity.toUpperCase()} ${f.ruleId} ${formatLocation(f.location)}: ${snippet(f.message, 240)}\n`,
      );
    }
  }
  return {
    input,
    status: 'refused',
    code: error.code,
    refusal,
    findings: findings.map(findingJson),
  };
}

async function runJob(
  job: Job,
  out: string | undefined,
  flags: { verify: boolean; force: boolean; quiet: boolean },
  io: CommandIo,
): Promise<Outcome> {
  const input = job.kind === 'file' ? job.input : job.index;
  const progress = convertProgress(io, basename(input), !flags.quiet);
  const options = {
    verify: flags.verify,
    force: flags.force,
    onProgress: (p: ConvertProgress) => progress.update(p),
  };
  try {
    if (job.kind === 'file') {
      const output = out ?? defaultOutput(job.input);
      const result = await convertFile(job.input, output, options);
      progress.end();
      if (!flags.quiet) {
        io.stderr.write(summary(result, output));
        for (const notice of result.notices)
          io.stderr.write(`mlsec: note: ${snippet(notice, 200)}\n`);
      }
      return { json: { input, status: 'converted', ...fileJson(result, output) }, exit: EXIT.ok };
    }
    const result: ShardedResult = await convertSharded(job.index, out ?? dirname(job.index), {
      ...options,
      onShard: ({ input: shard, index, count }) => {
        progress.end();
        if (!flags.quiet) io.stderr.write(`mlsec: shard ${index + 1}/${count}: ${shard}\n`);
      },
    });
    progress.end();
    if (!flags.quiet) {
      for (const shard of result.shards) io.stderr.write(summary(shard.result, shard.output));
      io.stderr.write(
        `mlsec: wrote ${result.index} (${Object.keys(result.weightMap).length} tensors in ` +
          `${result.shards.length} shards, total_size ${result.totalSize})\n`,
      );
    }
    return {
      json: {
        input,
        status: 'converted',
        format: 'hf-sharded',
        output: result.index,
        totalSize: result.totalSize,
        shards: result.shards.map((s) => ({ input: s.input, ...fileJson(s.result, s.output) })),
      },
      exit: EXIT.ok,
    };
  } catch (error) {
    progress.end();
    if (error instanceof ConvertRefusedError) {
      return { json: reportRefusal(input, error, io, flags.quiet), exit: EXIT.findings };
    }
    // Each INPUT stands alone: the others are still converted, and --json reports this one too.
    if (!(error instanceof MlsecError)) throw error;
    io.stderr.write(`mlsec: error ${error.code}: ${input}: ${error.message}\n`);
    return {
      json: { input, status: 'failed', code: error.code, message: error.message },
      exit: EXIT.usage,
    };
  }
}

/** `mlsec convert`: returns the exit code (the worst over all INPUTs). */
export async function convertCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    verify: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(CONVERT_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new MlsecError('CLI_USAGE', 'give at least one INPUT');
  if (values.out !== undefined && positionals.length > 1) {
    throw new MlsecError(
      'CLI_USAGE',
      '--out takes one INPUT; without it each output goes beside its INPUT',
    );
  }
  const jobs = positionals.map((p) => jobOf(resolve(io.cwd, p)));
  const out = values.out === undefined ? undefined : resolve(io.cwd, values.out);
  const flags = { verify: values.verify, force: values.force, quiet: values.quiet };
  const results: Record<string, unknown>[] = [];
  let exit: ExitCode = EXIT.ok;
  for (const job of jobs) {
    const outcome = await runJob(job, out, flags, io);
    results.push(outcome.json);
    exit = Math.max(exit, outcome.exit) as ExitCode;
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ inputs: results }, null, 2)}\n`);
  return exit;
}
