import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { MlsecError, snippet } from '@mlsec/core';
import type { RegistryClient } from './client.ts';
import type { ManifestFile } from './manifest.ts';

const LOCAL_ERRORS = new Set([
  'EACCES',
  'EDQUOT',
  'EEXIST',
  'EISDIR',
  'ENOENT',
  'ENOSPC',
  'EPERM',
  'EROFS',
]);

/**
 * Stream one file of a version into `temporary` (created, never replaced), hashing as it goes, and
 * refuse it unless its size and SHA-256 are the manifest's: a byte past the declared size stops the
 * download at once. The caller renames the file into place only after every file passed.
 */
export async function downloadFile(
  client: RegistryClient,
  segments: readonly string[],
  file: ManifestFile,
  temporary: string,
  onBytes: (n: number) => void,
): Promise<void> {
  const response = await client.stream([...segments, ...file.path.split('/')]);
  const hash = createHash('sha256');
  let size = 0;
  const verifyFailed = (why: string) =>
    new MlsecError(
      'CLI_REGISTRY_VERIFY_FAILED',
      `${snippet(file.path, 200)}: ${why}; nothing was written`,
    );
  try {
    await pipeline(
      response,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > file.size) throw verifyFailed(`more bytes than the ${file.size} listed`);
          hash.update(chunk);
          onBytes(chunk.length);
          yield chunk;
        }
      },
      createWriteStream(temporary, { flags: 'wx', mode: 0o644, highWaterMark: 1024 * 1024 }),
    );
  } catch (error) {
    if (error instanceof MlsecError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // A local write failure has a file-system errno; anything else broke the download itself.
    if (typeof code === 'string' && LOCAL_ERRORS.has(code)) {
      throw new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot write ${snippet(temporary, 200)}`, {
        cause: error,
      });
    }
    throw verifyFailed('the download broke off before the end');
  }
  if (size !== file.size) throw verifyFailed(`${size} bytes, the version lists ${file.size}`);
  const digest = hash.digest('hex');
  if (digest !== file.sha256) {
    throw verifyFailed(`SHA-256 ${digest} differs from the listed ${file.sha256}`);
  }
}
