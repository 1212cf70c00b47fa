import { access, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { generateSigningKey } from '@mlsec/attest/sign';
import { choice, parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';
import { keyPassphrase, PASSPHRASE_ENV } from '../key-passphrase.ts';

export const KEYGEN_HELP = `Usage: mlsec keygen [options]

Create an ECDSA key pair for 'mlsec sign' (and OpenSSF model_signing 'sign key'): PREFIX.key, the
private key (PKCS#8 PEM, file mode 0600), and PREFIX.pub, the public key (SPKI PEM) that verifiers
pass to 'mlsec verify --key'. Existing files are never overwritten.

Options:
      --curve <p256|p384|p521>   the curve (default: p256); signatures use SHA-256/384/512 to match
      --out <PREFIX>             file name prefix (default: model-signing)
      --encrypt                  encrypt the private key (AES-256-CBC) with a passphrase, asked on the
                                 terminal or taken from ${PASSPHRASE_ENV}; the key is also
                                 encrypted whenever ${PASSPHRASE_ENV} is set
  -h, --help                     show this help

Exit codes: 0 written; 2 usage error, existing file (KEY_EXISTS) or no passphrase.

Examples:
  mlsec keygen                                  model-signing.key and model-signing.pub, P-256
  mlsec keygen --curve p384 --out keys/release  keys/release.key and keys/release.pub
  MLSEC_KEY_PASSPHRASE=... mlsec keygen --out ci    encrypted key for a CI secret
`;

const CURVES = { p256: 'P-256', p384: 'P-384', p521: 'P-521' } as const;

/** `mlsec keygen`: write a new signing key pair. */
export async function keygenCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    curve: { type: 'string', default: 'p256' },
    out: { type: 'string', default: 'model-signing' },
    encrypt: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(KEYGEN_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new MlsecError('CLI_USAGE', 'keygen takes no arguments (use --out)');
  const curve = CURVES[choice('curve', values.curve, ['p256', 'p384', 'p521'] as const)];
  const prefix = resolve(io.cwd, values.out);
  const [keyPath, pubPath] = [`${prefix}.key`, `${prefix}.pub`];
  for (const path of [keyPath, pubPath]) {
    if (await exists(path)) throw new MlsecError('KEY_EXISTS', `${snippet(path)} already exists`);
  }
  let passphrase: string | undefined;
  if (values.encrypt || (io.env[PASSPHRASE_ENV] ?? '') !== '') {
    passphrase = await keyPassphrase(io, 'Passphrase for the new key: ', { confirm: true });
    if (passphrase === undefined) {
      throw new MlsecError(
        'KEY_PASSPHRASE',
        `no passphrase: set ${PASSPHRASE_ENV} or run on a terminal (or the two entries differed)`,
      );
    }
  }
  const pair = generateSigningKey(passphrase === undefined ? { curve } : { curve, passphrase });
  await writeNew(keyPath, pair.privateKeyPem, 0o600);
  try {
    await writeNew(pubPath, pair.publicKeyPem, 0o644);
  } catch (err) {
    await unlink(keyPath).catch(() => undefined);
    throw err;
  }
  io.stdout.write(
    `wrote ${keyPath} (${curve} private key${passphrase === undefined ? '' : ', encrypted'}) and ${pubPath}\n` +
      `key hint: ${pair.hint}\n`,
  );
  return EXIT.ok;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(path, text, { flag: 'wx', mode });
  } catch (cause) {
    const code =
      (cause as { code?: string }).code === 'EEXIST' ? 'KEY_EXISTS' : 'CLI_OUTPUT_FAILED';
    throw new MlsecError(code, `cannot create ${snippet(path)}`, { cause });
  }
}
