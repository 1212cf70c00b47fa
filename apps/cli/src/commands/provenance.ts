import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import {
  DEFAULT_BUNDLE_MAX_BYTES,
  readProvenance,
  verifyProvenance,
  type ProvenanceVerification,
} from '@mlsec/attest';
import {
  captureProvenance,
  parseParams,
  signStatementBundle,
  MAX_PARAMS_BYTES,
} from '@mlsec/attest/sign';
import { MLSEC_VERSION } from '@mlsec/scan';
import { choice, parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import { hashProgress } from '../progress.ts';
import type { CommandIo } from '../io.ts';
import { readInputFile } from '../input-file.ts';
import { PASSPHRASE_ENV } from '../key-passphrase.ts';
import { signingMaterial } from '../signing-flags.ts';
import { TRUST_OPTIONS, trustPolicy } from '../trust-flags.ts';
import { describeSigner } from './verify-report.ts';

export const PROVENANCE_HELP = `Usage: mlsec provenance capture --model DIR --dataset PATH... --params FILE --out FILE
                             (--key KEY [--cert-chain PEM...] | --unsigned) [options]
       mlsec provenance verify --provenance FILE --model DIR [--dataset [NAME=]PATH...]
                             (--key PUB | --cert-chain ROOTS | --identity ID --issuer URL)

Record how a model was trained, as an in-toto statement with a SLSA v1 provenance predicate
(docs/provenance.md), and check it later. 'capture' hashes the model (subject[0] is the same root
digest 'mlsec sign' signs, so provenance pairs with model.sig) and every dataset (one digest per
file plus a root digest: a dataset version is one hash), and records the git commit, remote
(credentials removed) and dirty state of --repo, the hyperparameters, Python lock files and pip
freeze, Node/OS/CPU/GPU, and start/finish times. It writes a Sigstore bundle signed like a model.
'verify' checks the signature, that the model on disk matches the subject, and that each dataset
on disk matches its recorded manifest, naming every modified, missing or extra file.

capture options:
      --model <DIR>           the trained model (file or folder)
      --dataset <PATH>        a dataset file or folder used for training; repeatable. Record paths
                              relative to where 'verify' will run, e.g. data/train
      --params <FILE>         hyperparameters: a JSON object or YAML mapping (at most ${MAX_PARAMS_BYTES / 1024 / 1024} MiB)
      --out <FILE>            where to write the provenance (outside the model folder)
      --key <KEY>             sign with this PEM private key; an encrypted key's passphrase comes
                              from ${PASSPHRASE_ENV} or a prompt
      --cert-chain <PEM>      certificates for the key, leaf first; repeatable
      --unsigned              write the bare statement instead. Unsigned provenance is only a
                              record: anyone can edit it, and 'verify' will not accept it
      --repo <DIR>            the training code's repository (default: the current folder)
      --started-at <ISO>      when training started (RFC 3339, e.g. 2024-05-01T08:00:00Z);
      --finished-at <ISO>     and finished. Default: when this capture started and finished
      --no-pip-freeze         do not run 'python3 -m pip freeze'

verify options:
      --provenance <FILE>     the bundle written by 'capture'
      --model <DIR>           the model to check against subject[0]
      --dataset <NAME=PATH>   check dataset NAME at PATH instead of its recorded path (recorded
                              paths are resolved from the current folder); a bare PATH matches
                              the dataset of the same name or recorded path; repeatable
      --key <PUB>             trust: the signer's public key (PEM), or
      --cert-chain <ROOTS>    PEM file of trusted root certificates, or
      --identity <ID>         keyless (Sigstore): the signer's email or URI, with
      --issuer <URL>          the OIDC issuer that vouched for it
      --trusted-root <FILE>   a Sigstore trusted_root.json instead of the shipped one
  -f, --format <text|json>    report format (default: text)

Common options:
  -q, --quiet                 no progress or 'wrote …' line on stderr
  -h, --help                  show this help

Exit codes: 0 written / verified; 1 not verified (the report names the PROVENANCE_* or VERIFY_*
code and the files); 2 usage error or unreadable input.

Examples:
  mlsec provenance capture --model out/model --dataset data/train --dataset data/val \\
      --params params.yaml --key release.key --out out/provenance.sig
  mlsec provenance verify --provenance out/provenance.sig --model out/model --key release.pub
  mlsec provenance verify --provenance out/provenance.sig --model /srv/model \\
      --dataset train=/mnt/data/train --cert-chain ca.pem --format json
`;

/** `mlsec provenance capture|verify`. */
export async function provenanceCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  if (sub === 'capture') return capture(rest, io);
  if (sub === 'verify') return verify(rest, io);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(PROVENANCE_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  throw new MlsecError('CLI_USAGE', `unknown subcommand ${JSON.stringify(snippet(sub, 40))}`);
}

async function capture(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    model: { type: 'string' },
    dataset: { type: 'string', multiple: true },
    params: { type: 'string' },
    out: { type: 'string' },
    repo: { type: 'string' },
    key: { type: 'string' },
    'cert-chain': { type: 'string', multiple: true },
    unsigned: { type: 'boolean', default: false },
    'started-at': { type: 'string' },
    'finished-at': { type: 'string' },
    'no-pip-freeze': { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(PROVENANCE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw usage(`unexpected argument ${positionals[0] ?? ''}`);
  const model = required(values.model, '--model');
  const out = resolve(io.cwd, required(values.out, '--out'));
  const paramsPath = required(values.params, '--params');
  const datasets = values.dataset ?? [];
  if (datasets.length === 0) throw usage('give at least one --dataset');
  if ((values.key === undefined) === !values.unsigned) {
    throw usage('give --key to sign the provenance, or --unsigned for a bare record');
  }
  if (values['cert-chain'] !== undefined && values.key === undefined) {
    throw usage('--cert-chain needs --key');
  }
  const modelPath = resolve(io.cwd, model);
  if (out === modelPath || out.startsWith(modelPath + sep)) {
    throw usage('--out must be outside the model folder (it would change the model it describes)');
  }
  const paramsBytes = await readInputFile(
    resolve(io.cwd, paramsPath),
    '--params',
    MAX_PARAMS_BYTES,
    'PROVENANCE_PARAMS_INVALID',
  );
  const params = parseParams(paramsBytes, paramsPath);
  if (!params.ok) {
    throw new MlsecError(
      'PROVENANCE_PARAMS_INVALID',
      `${paramsPath}: ${params.issues[0]?.message ?? 'invalid'}`,
    );
  }
  // Load the key first: a wrong passphrase should fail before minutes of hashing.
  const signer =
    values.key === undefined
      ? undefined
      : await signingMaterial(values.key, values['cert-chain'] ?? [], io);

  const progress = hashProgress(io, 'hashing', !values.quiet);
  let captured;
  try {
    captured = await captureProvenance({
      model,
      datasets,
      hyperparameters: params.value,
      cwd: io.cwd,
      builderVersion: MLSEC_VERSION,
      pipFreeze: !values['no-pip-freeze'],
      onProgress: (p) => progress.update(p),
      ...(values.repo === undefined ? {} : { repoDir: values.repo }),
      ...(values['started-at'] === undefined ? {} : { startedOn: values['started-at'] }),
      ...(values['finished-at'] === undefined ? {} : { finishedOn: values['finished-at'] }),
    });
  } catch (error) {
    // Bad --started-at/--finished-at values are usage errors.
    if (error instanceof MlsecError && error.code === 'ATTEST_BAD_OPTIONS')
      throw usage(error.message);
    throw error;
  } finally {
    progress.end();
  }
  const text =
    signer === undefined
      ? new TextDecoder().decode(captured.bytes)
      : signStatementBundle(
          captured.bytes,
          signer.key,
          signer.certificateChain === undefined
            ? {}
            : { certificateChain: signer.certificateChain },
        );
  try {
    await writeFile(out, text);
  } catch (cause) {
    throw new MlsecError('SIGN_WRITE_FAILED', `cannot write ${values.out ?? out}`, { cause });
  }
  const { facts } = captured;
  io.stdout.write(
    `${signer === undefined ? 'recorded (UNSIGNED)' : `signed (${signer.how})`} provenance of ${model}\n` +
      `model root digest: sha256:${facts.model.rootSha256}\n` +
      facts.datasets
        .map(
          (d) =>
            `dataset ${d.name}: sha256:${d.rootSha256} (${d.fileCount} ${d.fileCount === 1 ? 'file' : 'files'})\n`,
        )
        .join('') +
      (facts.source === undefined
        ? 'source: not a git work tree\n'
        : `source: ${facts.source.commit}${facts.source.dirty ? ' (dirty)' : ''}\n`) +
      `wrote ${relative(io.cwd, out) || out}\n`,
  );
  return EXIT.ok;
}

async function verify(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    provenance: { type: 'string' },
    model: { type: 'string' },
    dataset: { type: 'string', multiple: true },
    ...TRUST_OPTIONS,
    format: { type: 'string', short: 'f', default: 'text' },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(PROVENANCE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw usage(`unexpected argument ${positionals[0] ?? ''}`);
  const format = choice('format', values.format, ['text', 'json'] as const);
  const provenancePath = required(values.provenance, '--provenance');
  const model = required(values.model, '--model');
  const policy = await trustPolicy(values, io.cwd);
  const bundle = await readInputFile(
    resolve(io.cwd, provenancePath),
    '--provenance',
    DEFAULT_BUNDLE_MAX_BYTES,
    'VERIFY_BUNDLE_TOO_LARGE',
  );
  const datasets = datasetOverrides(values.dataset ?? [], bundle, io.cwd);
  const progress = hashProgress(io, 'verifying', !values.quiet);
  let result: ProvenanceVerification;
  try {
    result = await verifyProvenance(bundle, {
      policy,
      model: resolve(io.cwd, model),
      datasets,
      cwd: io.cwd,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.end();
  }
  io.stdout.write(
    format === 'json' ? renderJson(provenancePath, result) : renderText(provenancePath, result),
  );
  return result.verified ? EXIT.ok : EXIT.findings;
}

/**
 * `--dataset NAME=PATH` or a bare `PATH`, matched against the names the provenance records (read
 * unverified here only to match arguments; verifyProvenance checks the signature before any use).
 */
function datasetOverrides(
  args: readonly string[],
  bundle: Uint8Array,
  cwd: string,
): Record<string, string> {
  if (args.length === 0) return {};
  const read = readProvenance(bundle);
  const recorded = read.ok ? read.value.record.datasets : [];
  const out: Record<string, string> = {};
  for (const arg of args) {
    // NAME=PATH, unless the whole argument is an existing path that happens to contain '='.
    const eq = arg.indexOf('=');
    const isNamed = eq > 0 && !existsSync(resolve(cwd, arg));
    const path = isNamed ? arg.slice(eq + 1) : arg;
    const match = isNamed
      ? recorded.find((d) => d.name === arg.slice(0, eq))
      : (recorded.find((d) => d.name === basename(resolve(cwd, path))) ??
        recorded.find((d) => resolve(cwd, d.path) === resolve(cwd, path)));
    if (match === undefined) {
      const known = recorded.map((d) => d.name).join(', ') || 'none';
      throw usage(
        `--dataset ${snippet(arg, 80)} names no recorded dataset (recorded: ${snippet(known, 200)})`,
      );
    }
    out[match.name] = resolve(cwd, path);
  }
  return out;
}

function renderText(file: string, r: ProvenanceVerification): string {
  const rec = r.record;
  const lines = [`${r.verified ? 'verified' : 'NOT verified'}: ${file}`];
  for (const p of r.problems) lines.push(`  ${p.code}: ${p.message}`);
  if (r.signer !== undefined)
    lines.push(`  signer:   ${describeSigner(r.signer)}${r.verified ? '' : ' (signature valid)'}`);
  if (rec !== undefined) {
    lines.push(`  model:    ${snippet(rec.model.name, 80)} sha256:${rec.model.sha256}`);
    for (const d of r.datasets) {
      lines.push(
        `  dataset:  ${snippet(d.name, 80)} ${d.ok ? 'matches' : 'DIFFERS'} (${snippet(d.path, 120)})`,
      );
    }
    if (rec.source !== undefined) {
      const where = rec.source.uri ?? rec.source.commit;
      lines.push(
        `  source:   ${snippet(where, 200)}${rec.source.dirty === true ? ' (dirty work tree)' : ''}`,
      );
    }
    const m = rec.metadata;
    if (m?.startedOn !== undefined)
      lines.push(`  trained:  ${snippet(m.startedOn, 40)} to ${snippet(m.finishedOn ?? '?', 40)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderJson(file: string, r: ProvenanceVerification): string {
  const rec = r.record;
  return `${JSON.stringify(
    {
      provenance: file,
      verified: r.verified,
      problems: r.problems,
      ...(r.signer === undefined ? {} : { signer: r.signer }),
      ...(rec === undefined
        ? {}
        : {
            model: rec.model,
            datasets: r.datasets,
            ...(rec.source === undefined ? {} : { source: rec.source }),
            builderId: rec.builderId,
            ...(rec.metadata === undefined ? {} : { metadata: rec.metadata }),
          }),
    },
    null,
    2,
  )}\n`;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw usage(`${flag} is required`);
  return value;
}

function usage(message: string, cause?: unknown): MlsecError {
  return new MlsecError('CLI_USAGE', message, cause === undefined ? undefined : { cause });
}
