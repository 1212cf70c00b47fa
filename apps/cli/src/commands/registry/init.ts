import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import { initDataDir } from '@mlsec/registry';
import type { EncryptionSettings, S3Settings } from '@mlsec/registry';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';

export const INIT_HELP = `Usage: mlsec registry init DIR --admin NAME [options]

Create a registry in DIR (made private, 0700): its transparency-log signing key (DIR/log.key, 0600),
DIR/registry.json, the database with its schema, and the first admin. The admin's API token is
printed once, on stdout: store it now (it is kept only as a SHA-256). There are no default
credentials; every other principal and token is created by an admin through the API.

Storage is SQLite and a blob folder in DIR unless told otherwise. S3 credentials are never stored:
the AWS SDK finds them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role),
at init (which checks the bucket answers) and at serve. The key-encryption key (KEK) is 32 bytes
written as 64 hex characters or base64 ('openssl rand -hex 32'); its file must be private (chmod
600). Init reads it to check it; serve needs it on every start. Encryption cannot be added to or
removed from an existing registry.

Options:
      --admin <NAME>               the first admin's principal name (required)
      --database <URL>             postgres://user@host/db for scale-out (default: SQLite in DIR)
      --blobs <DIR|s3://B/PREFIX>  blob folder, or an S3 bucket and key prefix (default DIR/blobs)
      --s3-endpoint <URL>          an S3-compatible store's endpoint (MinIO, Ceph), e.g. http://h:9000
      --s3-region <REGION>         signing region (default us-east-1)
      --s3-path-style              bucket in the URL path (most self-hosted stores need it)
      --encryption-key-file <F>    encrypt blobs at rest (AES-256-GCM) under the KEK in file F
      --encryption-key-env <NAME>  the same, with the KEK in environment variable NAME at serve
      --origin <TEXT>              the log's identity in its checkpoints (default mlsec-registry/<DIR name>)
  -h, --help                       show this help

Exit codes: 0 created; 2 usage, DIR already holds a registry (REGISTRY_ALREADY_INITIALISED), a bad
setting or key-encryption key (REGISTRY_CONFIG_INVALID), an unreachable database or bucket, I/O.

Examples:
  mlsec registry init ./registry --admin ada > admin.token
  AWS_PROFILE=registry mlsec registry init ./registry --admin ada --database postgres://reg@db/reg \\
    --blobs s3://models/registry --s3-endpoint http://minio:9000 --s3-path-style \\
    --encryption-key-file /etc/mlsec/kek > admin.token
`;

/** The S3 settings of the flags; refused unless the blobs are in a bucket. */
function s3Settings(
  blobs: string | undefined,
  values: { 's3-endpoint'?: string; 's3-region'?: string; 's3-path-style'?: boolean },
): S3Settings | undefined {
  const endpoint = values['s3-endpoint'];
  const region = values['s3-region'];
  const pathStyle = values['s3-path-style'] === true;
  if (endpoint === undefined && region === undefined && !pathStyle) return undefined;
  if (blobs?.startsWith('s3://') !== true)
    throw new MlsecError('CLI_USAGE', '--s3-* options need --blobs s3://BUCKET[/PREFIX]');
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(pathStyle ? { forcePathStyle: true } : {}),
  };
}

/** `mlsec registry init`. */
export async function initCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    admin: { type: 'string' },
    database: { type: 'string' },
    blobs: { type: 'string' },
    's3-endpoint': { type: 'string' },
    's3-region': { type: 'string' },
    's3-path-style': { type: 'boolean', default: false },
    'encryption-key-file': { type: 'string' },
    'encryption-key-env': { type: 'string' },
    origin: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(INIT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new MlsecError('CLI_USAGE', 'give exactly one DIR');
  if (values.admin === undefined)
    throw new MlsecError('CLI_USAGE', '--admin NAME is required (no default admin)');
  const keyFile = values['encryption-key-file'];
  const keyEnv = values['encryption-key-env'];
  if (keyFile !== undefined && keyEnv !== undefined)
    throw new MlsecError(
      'CLI_USAGE',
      'give --encryption-key-file or --encryption-key-env, not both',
    );
  const blobs =
    values.blobs === undefined || values.blobs.startsWith('s3://')
      ? values.blobs
      : resolve(io.cwd, values.blobs);
  const s3 = s3Settings(blobs, values);
  const encryption: EncryptionSettings | undefined =
    keyFile !== undefined
      ? { kekFile: resolve(io.cwd, keyFile) }
      : keyEnv !== undefined
        ? { kekEnv: keyEnv }
        : undefined;
  const dir = resolve(io.cwd, positionals[0] ?? '');
  const result = await initDataDir(dir, {
    adminName: values.admin,
    env: io.env,
    ...(values.database === undefined ? {} : { database: values.database }),
    ...(blobs === undefined ? {} : { blobs }),
    ...(s3 === undefined ? {} : { s3 }),
    ...(encryption === undefined ? {} : { encryption }),
    ...(values.origin === undefined ? {} : { origin: values.origin }),
  });
  io.stdout.write(`${result.adminToken}\n`);
  const storage = `${result.config.blobs}${encryption === undefined ? '' : ', encrypted at rest'}`;
  io.stderr.write(
    `mlsec: created the registry in ${dir} (log origin ${result.config.origin}; blobs in ${storage}); ` +
      `the admin token above expires ${new Date(result.expiresAt).toISOString()} and is not shown again.\n` +
      `mlsec: log verifier key: ${result.config.verifierKey}\n`,
  );
  return EXIT.ok;
}
