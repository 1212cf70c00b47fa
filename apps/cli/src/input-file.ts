import { open } from 'node:fs/promises';
import { MlsecError, type ErrorCode } from '@mlsec/core';

/** Keys, certificates, trusted roots and parameter files are KiB; this is far beyond any real one. */
export const MAX_CONFIG_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Read a file named on the command line, refusing (without reading it) one larger than `maxBytes`: a
 * signature or provenance file travels with the model and may be hostile, so its size is checked first.
 * Errors are `code` (CLI_USAGE by default) and name the flag and the path.
 */
export async function readInputFile(
  path: string,
  flag: string,
  maxBytes = MAX_CONFIG_INPUT_BYTES,
  code: ErrorCode = 'CLI_USAGE',
): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new MlsecError(code, `cannot read the ${flag} file ${path}`, { cause });
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      throw new MlsecError(
        code,
        `the ${flag} file ${path} is ${size} bytes, over the ${maxBytes}-byte limit`,
      );
    }
    const bytes = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } catch (cause) {
    if (cause instanceof MlsecError) throw cause;
    throw new MlsecError(code, `cannot read the ${flag} file ${path}`, { cause });
  } finally {
    await handle.close();
  }
}

/** {@link readInputFile} as UTF-8 text. */
export async function readInputText(path: string, flag: string, code?: ErrorCode): Promise<string> {
  return new TextDecoder().decode(await readInputFile(path, flag, MAX_CONFIG_INPUT_BYTES, code));
}
