import type { Limits, ParseResult } from '@mlsec/core';
import {
  parseCondaEnvironment,
  parsePipfileLock,
  parsePipFreeze,
  parsePoetryLock,
  parsePyproject,
  parseRequirementsTxt,
  parseUvLock,
} from '@mlsec/formats';
import type { PythonDependencies } from '@mlsec/formats';
import type { DepsFileKind } from './file-kind.ts';

/** Largest dependency file read (requirements files and lock files are kilobytes, rarely megabytes). */
export const MAX_DEPS_FILE_BYTES = 16 * 1024 * 1024;

/** The byte cap of a dependency file under the scan's limits. */
export function depsFileCap(limits: Limits): number {
  return Math.min(limits.maxBytes, MAX_DEPS_FILE_BYTES);
}

/** Decode file bytes as UTF-8 (invalid sequences become U+FFFD), without a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parse a dependency file with the parser of its kind (constraints files are requirements files). */
export function parseDependencyFile(
  kind: DepsFileKind,
  text: string,
  limits: Limits,
): ParseResult<PythonDependencies> {
  switch (kind) {
    case 'requirements':
    case 'constraints':
      return parseRequirementsTxt(text, limits);
    case 'pip-freeze':
      return parsePipFreeze(text, limits);
    case 'pyproject':
      return parsePyproject(text, limits);
    case 'poetry-lock':
      return parsePoetryLock(text, limits);
    case 'uv-lock':
      return parseUvLock(text, limits);
    case 'pipfile-lock':
      return parsePipfileLock(text, limits);
    case 'conda-env':
      return parseCondaEnvironment(text, limits);
  }
}
