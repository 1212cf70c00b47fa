import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { MlsecError } from '@mlsec/core';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with unknown flags and bad values turned into CLI_USAGE errors (exit 2). */
export function parseCommandArgs<T extends Options>(
  argv: readonly string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new MlsecError('CLI_USAGE', error instanceof Error ? error.message : String(error));
  }
}

/** Check that a flag's value is one of the allowed choices. */
export function choice<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new MlsecError(
    'CLI_USAGE',
    `--${flag} must be one of ${choices.join(', ')} (got ${JSON.stringify(value.slice(0, 40))})`,
  );
}

/** Parse a positive integer flag value. */
export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new MlsecError('CLI_USAGE', `--${flag} must be a positive integer`);
  return n;
}
