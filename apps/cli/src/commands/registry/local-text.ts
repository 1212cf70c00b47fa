import { readFileSync, statSync } from 'node:fs';
import { MlsecError, snippet } from '@mlsec/core';

/** Read a small local text file given to a flag, refusing one larger than `max` bytes. */
export function readSmallText(path: string, flag: string, max: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot read ${snippet(path, 200)}`, {
      cause: error,
    });
  }
  if (size > max) {
    throw new MlsecError('CLI_USAGE', `${flag} ${snippet(path, 200)} is larger than ${max} bytes`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new MlsecError('CLI_REGISTRY_IO_FAILED', `cannot read ${snippet(path, 200)}`, {
      cause: error,
    });
  }
}
