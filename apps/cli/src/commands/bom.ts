import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildModelBom, serializeBom } from '@mlsec/attest';
import type { FormatOf } from '@mlsec/attest';
import { MlsecError } from '@mlsec/core';
import { identify, IDENTIFY_HEAD_BYTES, IDENTIFY_TAIL_BYTES } from '@mlsec/formats';
import { MLSEC_VERSION } from '@mlsec/scan';
import { choice, parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';

export const BOM_HELP = `Usage: mlsec bom [options] MODEL

Write a CycloneDX 1.6 ML-BOM (JSON) for a model folder (Hugging Face layout or any folder) or a
single model file, without loading or executing anything in it. The BOM holds:
  - the model as a machine-learning-model component, with its OMS root digest (the same digest
    'mlsec sign' signs) in the property mlsec:oms-root-digest;
  - one nested file component per file: path, SHA-256, and its format identified by content
    (safetensors, pickle, zip, gguf, onnx, ...) in the property mlsec:format;
  - the licence from README.md's front matter (license, license_name, license_link) or config.json;
  - a modelCard from the front matter and config.json: pipeline_tag (task), model_type and
    architectures, datasets, model-index metrics, base_model, library_name, tags, language;
  - data components for the datasets, and what a provenance file says: dataset digests, source
    commit, hyperparameters, training times.

Provenance is read from --provenance FILE or, for a folder, from provenance.json, *.provenance.json
or *.intoto.json at its top (a Sigstore bundle, DSSE envelope or in-toto statement with a SLSA v1
predicate, as 'mlsec provenance capture' writes). It is NOT verified here: the BOM says so
(mlsec:provenance:verified = false). Check it with 'mlsec provenance verify' first.

Options:
  -o, --output <FILE>          write the BOM to FILE instead of stdout (left out of the model's digest
                               when it is inside the model folder)
      --provenance <FILE>      provenance to record (an unreadable or invalid file is an error)
      --no-provenance          do not look for provenance in the model folder
      --spec-version <1.6>     CycloneDX specification version (only 1.6)
      --serial-number <URN>    urn:uuid:... instead of a random one (reproducible BOMs)
      --timestamp <ISO-8601>   metadata.timestamp instead of now; SOURCE_DATE_EPOCH is honoured too
      --ignore <PATH>          leave a model path out (repeatable)
      --allow-symlinks         hash symlinked files by their target (default: refuse symlinks)
  -q, --quiet                  no 'wrote ...' line and no warnings on stderr
  -h, --help                   show this help

Warnings (BOM_INPUT_IGNORED) name model-card, config or provenance content that was malformed,
hostile or over a limit and was left out; the BOM is still written.

Exit codes: 0 BOM written; 2 usage or I/O error (missing model, symlink, unreadable or invalid
--provenance, unwritable --output).

Examples:
  mlsec bom ./bert-tiny -o bert-tiny.cdx.json
  mlsec bom model.safetensors > model.cdx.json
  mlsec provenance verify ... && mlsec bom ./model --provenance model.provenance.json -o bom.json
  SOURCE_DATE_EPOCH=1700000000 mlsec bom ./model --serial-number urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79
`;

/** Content identification from @mlsec/formats (never by extension). */
const formatOf: FormatOf = (sample) => identify(sample.head, sample.tail, sample.size);

function timestampFrom(flag: string | undefined, epoch: string | undefined): Date | undefined {
  if (flag !== undefined) {
    const date = new Date(flag);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(flag) || Number.isNaN(date.getTime())) {
      throw new MlsecError(
        'CLI_USAGE',
        '--timestamp must be an ISO-8601 date-time, e.g. 2025-01-31T12:00:00Z',
      );
    }
    return date;
  }
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d{1,12}$/.test(epoch))
    throw new MlsecError('CLI_USAGE', 'SOURCE_DATE_EPOCH must be whole seconds since 1970');
  return new Date(Number(epoch) * 1000);
}

/** `mlsec bom`: returns the exit code. */
export async function bomCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    output: { type: 'string', short: 'o' },
    provenance: { type: 'string' },
    'no-provenance': { type: 'boolean', default: false },
    'spec-version': { type: 'string', default: '1.6' },
    'serial-number': { type: 'string' },
    timestamp: { type: 'string' },
    ignore: { type: 'string', multiple: true },
    'allow-symlinks': { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(BOM_HELP);
    return EXIT.ok;
  }
  choice('spec-version', values['spec-version'], ['1.6'] as const);
  const [model, ...extra] = positionals;
  if (model === undefined || extra.length > 0) {
    throw new MlsecError('CLI_USAGE', 'mlsec bom takes exactly one MODEL (a folder or a file)');
  }
  if (values.provenance !== undefined && values['no-provenance']) {
    throw new MlsecError('CLI_USAGE', '--provenance and --no-provenance cannot be used together');
  }
  const output = values.output === undefined ? undefined : resolve(io.cwd, values.output);
  const timestamp = timestampFrom(values.timestamp, io.env['SOURCE_DATE_EPOCH']);
  const provenance = values['no-provenance']
    ? false
    : values.provenance === undefined
      ? undefined
      : resolve(io.cwd, values.provenance);
  const result = await buildModelBom(resolve(io.cwd, model), {
    toolVersion: MLSEC_VERSION,
    formatOf,
    sampleSizes: { headBytes: IDENTIFY_HEAD_BYTES, tailBytes: IDENTIFY_TAIL_BYTES },
    ignore: [...(values.ignore ?? []), ...(output !== undefined ? [output] : [])],
    allowSymlinks: values['allow-symlinks'],
    ...(provenance !== undefined ? { provenance } : {}),
    ...(values['serial-number'] !== undefined ? { serialNumber: values['serial-number'] } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
  const text = serializeBom(result.bom);
  if (!values.quiet) {
    for (const problem of result.issues)
      io.stderr.write(`mlsec: warning ${problem.code}: ${problem.message}\n`);
    if (result.provenanceFile !== undefined) {
      io.stderr.write(
        `mlsec: recorded provenance from ${result.provenanceFile} WITHOUT verifying it; run 'mlsec provenance verify' to check it\n`,
      );
    }
  }
  if (output === undefined) {
    io.stdout.write(text);
    return EXIT.ok;
  }
  try {
    await writeFile(output, text);
  } catch (error) {
    throw new MlsecError('CLI_OUTPUT_FAILED', `cannot write ${values.output ?? output}`, {
      cause: error,
    });
  }
  if (!values.quiet) {
    io.stderr.write(
      `mlsec: wrote CycloneDX 1.6 ML-BOM (model root digest ${result.rootDigest}) to ${values.output ?? output}\n`,
    );
  }
  return EXIT.ok;
}
