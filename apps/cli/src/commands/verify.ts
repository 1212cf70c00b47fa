import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { DEFAULT_BUNDLE_MAX_BYTES, verifyModel } from '@mlsec/attest';
import { choice, parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import { hashProgress } from '../progress.ts';
import type { CommandIo } from '../io.ts';
import { readInputFile } from '../input-file.ts';
import { TRUST_OPTIONS, trustPolicy } from '../trust-flags.ts';
import { renderVerifyJson, renderVerifyText } from './verify-report.ts';

export const VERIFY_HELP = `Usage: mlsec verify MODEL --signature FILE (--key PUB | --cert-chain ROOTS |
                    --identity ID --issuer URL [--trusted-root FILE]) [options]

Check a model against its signature (a Sigstore bundle written by 'mlsec sign' or OpenSSF
model_signing, any version since 0.2): the signature must verify under the given trust, and every
file must match the signed list. Reports what was verified, or exactly which files were modified,
are missing, or are extra. Works offline.

Trust (exactly one):
      --key <PUB>             the signer's public key (PEM)
      --cert-chain <ROOTS>    PEM file of trusted root certificates; the bundle carries the chain
      --identity <ID>         keyless (Sigstore): the signer's email or URI, matched exactly, with
      --issuer <URL>          the OIDC issuer that vouched for it, e.g. https://accounts.google.com
      --trusted-root <FILE>   a Sigstore trusted_root.json instead of the shipped public-good one

Options:
      --signature <FILE>      the bundle (required; model_signing writes model.sig)
      --ignore <PATH>         also leave PATH out (relative to MODEL); repeatable
      --allow-unsigned-files  let files the signature does not list pass (they are not read)
  -f, --format <text|json>    report format (default: text)
  -q, --quiet                 no progress line on stderr
  -h, --help                  show this help

Exit codes: 0 verified; 1 not verified (the report names the VERIFY_* code and the files); 2 usage
error or unreadable input.

Examples:
  mlsec verify ./model --signature model.sig --key release.pub
  mlsec verify ./model --signature model.sig --cert-chain ca.pem --format json
  mlsec verify ./model --signature model.sig --identity you@example.com \\
      --issuer https://accounts.google.com
`;

/** `mlsec verify`: verify a model against a signature bundle. */
export async function verifyCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    signature: { type: 'string' },
    ...TRUST_OPTIONS,
    ignore: { type: 'string', multiple: true },
    'allow-unsigned-files': { type: 'boolean', default: false },
    format: { type: 'string', short: 'f', default: 'text' },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(VERIFY_HELP);
    return EXIT.ok;
  }
  const format = choice('format', values.format, ['text', 'json'] as const);
  const [model, ...more] = positionals;
  if (model === undefined || more.length > 0)
    throw new MlsecError('CLI_USAGE', 'give exactly one MODEL');
  if (values.signature === undefined) throw new MlsecError('CLI_USAGE', '--signature is required');
  const policy = await trustPolicy(values, io.cwd);
  const bundlePath = resolve(io.cwd, values.signature);
  const bundle = await readInputFile(
    bundlePath,
    '--signature',
    DEFAULT_BUNDLE_MAX_BYTES,
    'VERIFY_BUNDLE_TOO_LARGE',
  );
  const progress = hashProgress(io, 'verifying', !values.quiet);
  let result;
  try {
    result = await verifyModel({
      modelPath: resolve(io.cwd, model),
      bundle,
      bundleName: values.signature,
      policy,
      allowUnsignedFiles: values['allow-unsigned-files'],
      onProgress: (p) => progress.update(p),
      ...(values.ignore === undefined ? {} : { ignore: values.ignore }),
    });
  } finally {
    progress.end();
  }
  if (result.code === 'ATTEST_MODEL_NOT_FOUND')
    throw new MlsecError('ATTEST_MODEL_NOT_FOUND', result.message);
  io.stdout.write(
    format === 'json' ? renderVerifyJson(model, result) : renderVerifyText(model, result),
  );
  return result.verified ? EXIT.ok : EXIT.findings;
}
