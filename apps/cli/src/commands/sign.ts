import { relative, resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { signModel } from '@mlsec/attest/sign';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import { hashProgress } from '../progress.ts';
import type { CommandIo } from '../io.ts';
import { PASSPHRASE_ENV } from '../key-passphrase.ts';
import { signingMaterial } from '../signing-flags.ts';

export const SIGN_HELP = `Usage: mlsec sign MODEL --key KEY [options]

Sign a model file or folder the way OpenSSF model signing does: every file is hashed (SHA-256), the
list goes into an in-toto statement, and the signature is written as a Sigstore bundle that both
'mlsec verify' and 'model_signing verify' accept. Git metadata (.git, .github, .gitattributes,
.gitignore) and the signature file itself are left out.

Options:
      --key <FILE>            the private key (PEM, PKCS#8 or SEC1; ECDSA P-256/P-384/P-521). An
                              encrypted key's passphrase comes from ${PASSPHRASE_ENV} or a prompt
      --cert-chain <FILE>     sign with a certificate: PEM files, the leaf (holding --key) first, then
                              intermediates; repeat the flag or put several certificates in one file
      --signature <FILE>      where to write the bundle (default: model.sig in the current folder)
      --ignore <PATH>         leave PATH out (relative to MODEL, or absolute); repeatable
  -q, --quiet                 no progress line on stderr
  -h, --help                  show this help

Exit codes: 0 signed; 2 usage error, unreadable key (KEY_*), certificate mismatch (SIGN_*) or a
model that cannot be hashed (ATTEST_*).

Examples:
  mlsec keygen --out release && mlsec sign ./model --key release.key
  mlsec sign ./model --key release.key --signature ./model/model.sig --ignore logs
  mlsec sign model.gguf --key leaf.key --cert-chain leaf.pem --cert-chain intermediate.pem
`;

/** `mlsec sign`: sign a model with a key (or key + certificate chain). */
export async function signCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    key: { type: 'string' },
    'cert-chain': { type: 'string', multiple: true },
    signature: { type: 'string', default: 'model.sig' },
    ignore: { type: 'string', multiple: true },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(SIGN_HELP);
    return EXIT.ok;
  }
  const [model, ...more] = positionals;
  if (model === undefined || more.length > 0)
    throw new MlsecError('CLI_USAGE', 'give exactly one MODEL');
  if (values.key === undefined) throw new MlsecError('CLI_USAGE', '--key is required');
  const { key, certificateChain, how } = await signingMaterial(
    values.key,
    values['cert-chain'] ?? [],
    io,
  );
  const signaturePath = resolve(io.cwd, values.signature);
  const progress = hashProgress(io, 'hashing', !values.quiet);
  let signed;
  try {
    signed = await signModel({
      modelPath: resolve(io.cwd, model),
      key,
      signaturePath,
      onProgress: (p) => progress.update(p),
      ...(certificateChain === undefined ? {} : { certificateChain }),
      ...(values.ignore === undefined ? {} : { ignore: values.ignore }),
    });
  } finally {
    progress.end();
  }
  io.stdout.write(
    `signed ${signed.manifest.resources.length} files of ${model} with a ${how}\n` +
      `root digest: sha256:${signed.rootDigest}\n` +
      `wrote ${relative(io.cwd, signaturePath) || signaturePath}\n`,
  );
  return EXIT.ok;
}
