import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { MlsecError, snippet } from '@mlsec/core';
import { parseCommandArgs } from '../../args.ts';
import { EXIT } from '../../exit-codes.ts';
import type { ExitCode } from '../../exit-codes.ts';
import type { CommandIo } from '../../io.ts';
import { hashProgress } from '../../progress.ts';
import { field, isString, parseJson } from './client.ts';
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

Options:
      --metrics <FILE>     JSON object of numbers (e.g. {"accuracy": 0.94}) for the promotion gates
      --signature <FILE>   the model's signature bundle (mlsec sign), stored with the version
      --provenance <FILE>  its provenance attestation (mlsec provenance), stored with the version
      --json               print the registered version as JSON on stdout
  -q, --quiet              no progress or summary on stderr
${CONNECTION_HELP}

Exit codes: 0 pushed; 2 usage, I/O or registry error (the registry's code is printed).

Example:
  mlsec registry push team/bert@1.4.0 ./bert --metrics eval.json --signature bert.sig
`;

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
    const counting = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength, filesDone - 1);
        controller.enqueue(chunk);
      },
    });
    const source = Readable.toWeb(createReadStream(file.absolute)) as ReadableStream<Uint8Array>;
    const response = await client.send([namespace, 'blobs', file.sha256], {
      method: 'PUT',
      stream: source.pipeThrough(counting),
    });
    await response.body?.cancel();
    if (response.status === 200) present += 1;
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

  const found = await walkDir(dir);
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
  const status = field(registered, 'status', isString, 'status');
  if (!values.quiet) {
    io.stderr.write(
      `mlsec: pushed ${ref.namespace}/${ref.model}@${ref.tag}: ${filesTotal} files, ${bytesTotal} bytes ` +
        `(${blobs.uploaded} blobs uploaded, ${blobs.present} already there); manifest sha256 ` +
        `${snippet(manifestSha256, 80)}, status ${snippet(status, 40)}\n`,
    );
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
          files: hashed.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size })),
          blobsUploaded: blobs.uploaded,
          blobsPresent: blobs.present,
        },
        null,
        2,
      )}\n`,
    );
  }
  return EXIT.ok;
}
