import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { hashProgress } from '../../progress.ts';
import { field, isString, isStringOrNull, parseJson } from './client.ts';
import type { RegistryClient } from './client.ts';
import { CONNECTION_OPTIONS } from './config.ts';
import { readSmallText } from './local-text.ts';
import { parseTaggedRef } from './refs.ts';
import { clientFrom, CONNECTION_HELP } from './subcommand.ts';
import { hashFile, walkDir } from './walk-dir.ts';
import type { HashedFile } from './walk-dir.ts';

// The registry's limits on the texts a version carries (apps/registry model routes).
const MAX_ATTACHMENT_BYTES = 1_000_000;

export const PUSH_HELP = `Usage: mlsec registry push NAMESPACE/MODEL@VERSION DIR [options]

Upload the regular files under DIR as a new, immutable VERSION of MODEL. Each file is hashed
(SHA-256, streamed) and each distinct blob is sent once: even a blob the registry already holds is
streamed in full, since the registry hashes the bytes to prove you have them (a digest alone never
grants a blob). Then the version is registered with every file's path, size and digest. The registry
then runs its upload checks; the version can be pulled or promoted once they pass (status ready).
Symlinks and special files in DIR are refused, not followed.

The upload checks scan every file and verify the signature and provenance against the keys,
certificate authorities and identities under 'trust:' in the namespace's gate policy. A signature
by a trusted signer over other files than the ones pushed fails the version; one nobody trusts is
recorded as not verified, and the gates that require a signature refuse to promote it.

Options:
      --metrics <FILE>     JSON object of numbers (e.g. {"accuracy": 0.94}) for the promotion gates
      --signature <FILE>   the model's signature bundle (mlsec sign, model_signing sign), stored
                           with the version; inside DIR, it is not pushed as a model file
      --provenance <FILE>  its signed provenance (mlsec provenance capture), stored with the
                           version; inside DIR, it is not pushed as a model file
      --wait               wait for the upload checks and print their verdict; exit 1 if the
                           version failed them
      --json               print the registered version as JSON on stdout
  -q, --quiet              no progress or summary on stderr
${CONNECTION_HELP}

Exit codes: 0 pushed (with --wait: and ready); 1 with --wait, the version failed its checks;
2 usage, I/O or registry error (the registry's code is printed).

Example:
  mlsec registry push team/bert@1.4.0 ./bert --metrics eval.json --signature bert.sig --wait
`;

/** How often, and how long, --wait polls the version's status. */
const WAIT_POLL_MS = 250;
const WAIT_LIMIT_MS = 30 * 60_000;

/** Poll the version until its upload checks are done: its final status and their verdict. */
async function waitForChecks(
  client: RegistryClient,
  segments: readonly string[],
): Promise<{ status: string; message: string }> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const body = await client.json(segments);
    const status = field(body, 'status', isString, 'status');
    if (status !== 'pending') {
      const message = field(body, 'statusMessage', isStringOrNull, 'status message') ?? '';
      return { status, message };
    }
    if (Date.now() > deadline) {
      throw new MlsecError(
        'CLI_REGISTRY_TIMEOUT',
        'the upload checks did not finish within 30 minutes; the version is still pending',
      );
    }
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}

function readMetrics(path: string): Record<string, number> {
  let value: unknown;
  try {
    value = parseJson(readSmallText(path, '--metrics', MAX_ATTACHMENT_BYTES));
  } catch (error) {
    if (error instanceof MlsecError) throw error;
    throw new MlsecError('CLI_USAGE', `--metrics ${snippet(path, 200)} is not JSON`);
  }
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) {
    throw new MlsecError('CLI_USAGE', '--metrics must hold a JSON object of numbers');
  }
  return value as Record<string, number>;
}

/** Upload each distinct blob once; true for each that the registry stored anew (201). */
async function uploadBlobs(
  client: RegistryClient,
  namespace: string,
  files: readonly HashedFile[],
  onBytes: (n: number, filesDone: number) => void,
): Promise<{ uploaded: number; present: number }> {
  const seen = new Set<string>();
  let uploaded = 0;
  let present = 0;
  let filesDone = 0;
  for (const file of files) {
    filesDone += 1;
    if (seen.has(file.sha256)) {
      onBytes(file.size, filesDone);
      continue;
    }
    seen.add(file.sha256);
    const index = filesDone - 1;
    const response = await client.stream([namespace, 'blobs', file.sha256], {
      method: 'PUT',
      upload: { path: file.absolute, size: file.size, onBytes: (n) => onBytes(n, index) },
    });
    response.resume();
    if (response.statusCode === 200) present += 1;
    else uploaded += 1;
    onBytes(0, filesDone);
  }
  return { uploaded, present };
}

/** `mlsec registry push`. */
export async function pushCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...CONNECTION_OPTIONS,
    metrics: { type: 'string' },
    signature: { type: 'string' },
    provenance: { type: 'string' },
    wait: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(PUSH_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL@VERSION and DIR');
  }
  const ref = parseTaggedRef(positionals[0]);
  const dir = resolve(io.cwd, positionals[1] ?? '');
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new MlsecError('CLI_USAGE', `${snippet(dir, 200)} is not a folder`);
  }
  const metrics =
    values.metrics === undefined ? undefined : readMetrics(resolve(io.cwd, values.metrics));
  const attachment = (flag: string, path: string | undefined) =>
    path === undefined
      ? undefined
      : readSmallText(resolve(io.cwd, path), flag, MAX_ATTACHMENT_BYTES);
  const signatureBundle = attachment('--signature', values.signature);
  const provenance = attachment('--provenance', values.provenance);
  const client = clientFrom(values, io);

  // An attachment kept inside the model folder is the version's evidence, not one of its files.
  const attachments = new Set(
    [values.signature, values.provenance].flatMap((p) =>
      p === undefined ? [] : [resolve(io.cwd, p)],
    ),
  );
  const found = (await walkDir(dir)).filter((f) => !attachments.has(f.absolute));
  if (found.length === 0) throw new MlsecError('CLI_USAGE', `${snippet(dir, 200)} holds no files`);
  const bytesTotal = found.reduce((sum, f) => sum + f.size, 0);
  const filesTotal = found.length;
  const hashing = hashProgress(io, 'hashing', !values.quiet);
  const hashed: HashedFile[] = [];
  let bytesDone = 0;
  for (const file of found) {
    hashed.push(
      await hashFile(file, (n) => {
        bytesDone += n;
        hashing.update({ filesDone: hashed.length, filesTotal, bytesDone, bytesTotal });
      }),
    );
  }
  hashing.end();
  const uploading = hashProgress(io, 'uploading', !values.quiet);
  bytesDone = 0;
  const blobs = await uploadBlobs(client, ref.namespace, hashed, (n, filesDone) => {
    bytesDone += n;
    uploading.update({ filesDone, filesTotal, bytesDone, bytesTotal });
  });
  uploading.end();
  const registered = await client.json([ref.namespace, 'models', ref.model, 'versions'], {
    method: 'POST',
    json: {
      version: ref.tag,
      files: hashed.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size })),
      ...(metrics === undefined ? {} : { metrics }),
      ...(signatureBundle === undefined ? {} : { signatureBundle }),
      ...(provenance === undefined ? {} : { provenance }),
    },
  });
  const manifestSha256 = field(registered, 'manifestSha256', isString, 'manifest digest');
  let status = field(registered, 'status', isString, 'status');
  let checks: string | undefined;
  if (values.wait) {
    const done = await waitForChecks(client, [
      ref.namespace,
      'models',
      ref.model,
      'versions',
      ref.tag,
    ]);
    status = done.status;
    checks = done.message;
  }
  if (!values.quiet) {
    io.stderr.write(
      `mlsec: pushed ${ref.namespace}/${ref.model}@${ref.tag}: ${filesTotal} files, ${bytesTotal} bytes ` +
        `(${blobs.uploaded} blobs uploaded, ${blobs.present} already there); manifest sha256 ` +
        `${snippet(manifestSha256, 80)}, status ${snippet(status, 40)}\n`,
    );
    if (checks !== undefined) io.stderr.write(`mlsec: upload checks: ${snippet(checks, 1000)}\n`);
  }
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          namespace: ref.namespace,
          model: ref.model,
          version: ref.tag,
          manifestSha256,
          status,
          ...(checks === undefined ? {} : { checks }),
          files: hashed.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size })),
          blobsUploaded: blobs.uploaded,
          blobsPresent: blobs.present,
        },
        null,
        2,
      )}\n`,
    );
  }
  return values.wait && status !== 'ready' ? EXIT.findings : EXIT.ok;
}
