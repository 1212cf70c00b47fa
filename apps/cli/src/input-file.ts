import { MlsecError, readFileBounded, snippet, type ErrorCode } from '@mlsec/core';

/** Keys, certificates, trusted roots and parameter files are KiB; this is far beyond any real one. */
export const MAX_CONFIG_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Read a regular file named on the command line, refusing (without reading it) one larger than
 * `maxBytes`: a signature or provenance file travels with the model and may be hostile, so its size is
 * checked first, and a FIFO in its place is refused rather than waited on. Errors are `code` (CLI_USAGE
 * by default) and name the flag and the path.
 */
export async function readInputFile(
  path: string,
  flag: string,
  maxBytes = MAX_CONFIG_INPUT_BYTES,
  code: ErrorCode = 'CLI_USAGE',
): Promise<Uint8Array> {
  const shown = snippet(path);
  let read;
  try {
    read = await readFileBounded(path, maxBytes, { refuseLarger: true });
  } catch (cause) {
    throw new MlsecError(code, `cannot read the ${flag} file ${shown}`, { cause });
  }
  if (read === undefined) {
    throw new MlsecError(
      code,
      `cannot read the ${flag} file ${shown}: missing or not a regular file`,
    );
  }
  if (read.truncated) {
    throw new MlsecError(
      code,
      `the ${flag} file ${shown} is ${read.size} bytes, over the ${maxBytes}-byte limit`,
    );
  }
  return read.bytes;
}

/** {@link readInputFile} as UTF-8 text. */
export async function readInputText(path: string, flag: string, code?: ErrorCode): Promise<string> {
  return new TextDecoder().decode(await readInputFile(path, flag, MAX_CONFIG_INPUT_BYTES, code));
}
