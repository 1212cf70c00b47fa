import { lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { verifyModel } from '@mlsec/attest';
import type { TrustPolicy } from '@mlsec/attest';
import { MlsecError, snippet } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { hashProgress } from '../../progress.ts';
import { TRUST_OPTIONS, trustPolicy } from '../../trust-flags.ts';
import { field, isStringOrNull, RegistryHttpError } from './client.ts';
import type { RegistryClient } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { downloadFile } from './download.ts';
import { readManifest } from './manifest.ts';
import type { ManifestFile } from './manifest.ts';
import { parseTaggedRef } from './refs.ts';
import type { TaggedRef } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';

export const PULL_HELP = `Usage: mlsec registry pull NAMESPACE/MODEL@VERSION|@ALIAS DIR [options]

Download a version's files into DIR. A name after '@' is looked up as an alias first (its current
target is pulled), then as a version. Only a version whose upload checks passed (status ready) is
pulled. Without a login, a public namespace's versions can be pulled by version id (looking up an
alias needs a role there). Every file is streamed to a temporary file inside DIR and its size and
SHA-256 checked against the version's manifest; only when every file matches are they renamed into
place, so a failed pull leaves DIR as it was. File paths that would leave DIR are refused.

Given trust (--key, --cert-chain or --identity with --issuer, as for 'mlsec verify'), the version's
signature bundle is also verified over the downloaded files, as model_signing verify would, before
anything is renamed into place: a version without a signature, or whose signature does not verify
under that trust, is refused and nothing is written. Without trust, the registry's own verdict from
its upload checks is printed, but the pull does not check the signature itself.

Options:
      --key <PUB>           trust: the signer's public key (PEM), or
      --cert-chain <ROOTS>  PEM file of trusted root certificates, or
      --identity <ID>       keyless (Sigstore): the signer's email or URI, with
      --issuer <URL>        the OIDC issuer that vouched for it
      --trusted-root <FILE> a Sigstore trusted_root.json instead of the shipped one
      --force           replace files that already exist in DIR
      --json            print the pulled version and its files as JSON on stdout
  -q, --quiet           no progress or summary on stderr
${CONNECTION_HELP}

Exit codes: 0 pulled and verified; 1 a file's size or SHA-256 differs from the manifest, or the
signature does not verify under the given trust (nothing written); 2 usage, I/O or registry error
(the registry's code is printed).

Examples:
  mlsec registry pull team/bert@production ./bert --key release.pub
  mlsec registry pull team/bert@1.4.0 ./bert-1.4.0 --json
`;

/**
 * Verify the version's signature over the staged files under the user's trust; throws
 * CLI_REGISTRY_SIGNATURE_FAILED (nothing is renamed into place) unless it holds.
 */
async function verifyStaged(
  bundle: string | null,
  staging: string,
  files: readonly ManifestFile[],
  policy: TrustPolicy,
  name: string,
): Promise<string> {
  if (bundle === null) {
    throw new MlsecError(
      'CLI_REGISTRY_SIGNATURE_FAILED',
      `${name} has no signature, and trust was given; nothing was written`,
    );
  }
  const bytes = new TextEncoder().encode(bundle);
  const only = files.length === 1 ? files[0] : undefined;
  const result = await verifyModel({
    modelPath: staging,
    // A one-file version may have been signed as that file rather than as a folder.
    ...(only === undefined ? {} : { onlyFile: join(staging, ...only.path.split('/')) }),
    bundle: bytes,
    bundleName: join(dirname(staging), '.mlsec-pull-signature.sig'),
    policy,
  });
  if (!result.verified) {
    throw new MlsecError(
      'CLI_REGISTRY_SIGNATURE_FAILED',
      `${name}: ${result.code ?? 'VERIFY_FAILED'}: ${snippet(result.message, 400)}; nothing was written`,
    );
  }
  return result.message;
}

/** The version an alias points at now, or undefined when NAME is no alias of the model. */
async function aliasTarget(client: RegistryClient, ref: TaggedRef): Promise<string | undefined> {
  try {
    const history = await client.json([
      ref.namespace,
      'models',
      ref.model,
      'aliases',
      ref.tag,
      'history',
    ]);
    const target = field(history, 'target', isStringOrNull, 'alias target');
    if (target === null) {
      throw new MlsecError('REGISTRY_NOT_FOUND', `alias ${ref.tag} points at no version`);
    }
    return target;
  } catch (error) {
    if (error instanceof RegistryHttpError && error.status === 404) return undefined;
    // Without credentials a public namespace serves versions, not alias history: try a version.
    if (error instanceof RegistryHttpError && error.code === 'REGISTRY_AUTH_REQUIRED')
      return undefined;
    throw error;
  }
}

/** Refuse a destination reached through a symlink or already present (unless --force). */
function checkDestination(dir: string, file: ManifestFile, force: boolean): string {
  const target = resolve(dir, ...file.path.split('/'));
  if (!target.startsWith(dir + sep)) {
    throw new MlsecError(
      'CLI_REGISTRY_BAD_RESPONSE',
      `${snippet(file.path, 200)} would be written outside ${snippet(dir, 200)}`,
    );
  }
  let walk = dir;
  for (const segment of file.path.split('/')) {
    walk = join(walk, segment);
    const stat = lstatSync(walk, { throwIfNoEntry: false });
    if (stat === undefined) break;
    const last = walk === target;
    if (stat.isSymbolicLink() || (!last && !stat.isDirectory()) || (last && !stat.isFile())) {
      throw new MlsecError(
        'CLI_REGISTRY_TARGET_EXISTS',
        `${snippet(walk, 200)} is in the way (a symlink, or not a folder/file as the version needs)`,
      );
    }
    if (last && !force) {
      throw new MlsecError(
        'CLI_REGISTRY_TARGET_EXISTS',
        `${snippet(walk, 200)} already exists (--force replaces it)`,
      );
    }
  }
  return target;
}

/** `mlsec registry pull`. */
export async function pullCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    ...TRUST_OPTIONS,
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(PULL_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL@VERSION (or @ALIAS) and DIR');
  }
  const ref = parseTaggedRef(positionals[0], 'VERSION');
  const dir = resolve(io.cwd, positionals[1] ?? '');
  const trusted = [values.key, values['cert-chain'], values.identity, values.issuer].some(
    (v) => v !== undefined,
  )
    ? await trustPolicy(values, io.cwd)
    : undefined;
  const client = clientFrom(values, io);

  const alias = await aliasTarget(client, ref);
  const version = alias ?? ref.tag;
  const segments = [ref.namespace, 'models', ref.model, 'versions', version];
  const manifest = readManifest(await client.json(segments));
  if (manifest.status !== 'ready') {
    throw new MlsecError(
      'REGISTRY_VERSION_NOT_READY',
      `${ref.namespace}/${ref.model}@${version} is ${snippet(manifest.status, 40)}, not ready; nothing was pulled`,
    );
  }

  const existed = lstatSync(dir, { throwIfNoEntry: false });
  if (existed !== undefined && !existed.isDirectory()) {
    throw new MlsecError('CLI_USAGE', `${snippet(dir, 200)} is not a folder`);
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot create ${snippet(dir, 200)}`, {
      cause: error,
    });
  }
  const targets = manifest.files.map((f) => checkDestination(dir, f, values.force));
  const staging = mkdtempSync(join(dir, '.mlsec-pull-'));
  const bytesTotal = manifest.files.reduce((sum, f) => sum + f.size, 0);
  const progress = hashProgress(io, 'downloading', !values.quiet);
  let bytesDone = 0;
  const name = `${ref.namespace}/${ref.model}@${version}`;
  // Staged under their own paths (checked safe), so the signature can be verified over the folder.
  const staged = manifest.files.map((f) => join(staging, ...f.path.split('/')));
  let signature: string | undefined;
  try {
    for (const [index, file] of manifest.files.entries()) {
      mkdirSync(dirname(staged[index] as string), { recursive: true });
      await downloadFile(client, [...segments, 'files'], file, staged[index] as string, (n) => {
        bytesDone += n;
        progress.update({
          filesDone: index,
          filesTotal: manifest.files.length,
          bytesDone,
          bytesTotal,
        });
      });
    }
    progress.end();
    if (trusted !== undefined) {
      signature = await verifyStaged(
        manifest.signatureBundle,
        staging,
        manifest.files,
        trusted,
        name,
      );
    }
    for (const [index, target] of targets.entries()) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(staged[index] as string, target);
    }
  } catch (error) {
    progress.end();
    if (existed === undefined) rmSync(dir, { recursive: true, force: true });
    throw error instanceof MlsecError
      ? error
      : new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot write into ${snippet(dir, 200)}`, {
          cause: error,
        });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!values.quiet) {
    io.stderr.write(
      `mlsec: pulled ${name}${alias === undefined ? '' : ` (alias ${ref.tag})`} into ${dir}: ` +
        `${manifest.files.length} files, ${bytesTotal} bytes, every SHA-256 verified\n`,
    );
    io.stderr.write(
      signature !== undefined
        ? `mlsec: signature verified here: ${snippet(signature, 200)}\n`
        : manifest.signatureBundle === null
          ? 'mlsec: the version has no signature\n'
          : `mlsec: signature not checked here (give --key, --cert-chain or --identity/--issuer); ` +
            `the registry's checks said: ${snippet(manifest.statusMessage, 300)}\n`,
    );
  }
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          namespace: ref.namespace,
          model: ref.model,
          version,
          ...(alias === undefined ? {} : { alias: ref.tag }),
          manifestSha256: manifest.manifestSha256,
          directory: dir,
          files: manifest.files,
          signatureVerified: signature !== undefined,
        },
        null,
        2,
      )}\n`,
    );
  }
  return EXIT.ok;
}
