import type { ParseResult } from '@mlsec/core';
import type { PythonDependencies } from '@mlsec/formats';
import type { ReportInput } from '../../engine/context.ts';
import type { DepsFileKind } from './file-kind.ts';

/** One dependency file read for a scan: the scanned file or a file it includes. */
export interface LoadedFile {
  /** Location path (relative to the scan root, '/' separators); undefined for the scanned file itself. */
  readonly path: string | undefined;
  readonly kind: DepsFileKind;
  /** Read through `-c` (or `-r` from such a file): its entries constrain, they do not install. */
  readonly constraint: boolean;
  readonly result: ParseResult<PythonDependencies>;
}

/** A report about one of the loaded files (`path` as in LoadedFile). */
export interface DepsReport {
  readonly path: string | undefined;
  readonly input: ReportInput;
}

/** The requirements and includes a parse produced, also when it failed part way. */
export function dependenciesOf(
  result: ParseResult<PythonDependencies>,
): PythonDependencies | undefined {
  return result.ok ? result.value : result.partial;
}

/**
 * A URL or path with the user-info part of any `scheme://user:password@host` replaced by `***`:
 * requirement URLs often carry tokens (`git+https://oauth2:TOKEN@host/...`), and messages never echo them.
 */
export function hideCredentials(text: string): string {
  return text.replace(/(\/\/)[^/@\s]*@/g, '$1***@');
}
