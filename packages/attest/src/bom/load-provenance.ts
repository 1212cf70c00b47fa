import { join, resolve } from 'node:path';
import { issue, MlsecError, readFileBounded, snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { findProvenance } from './find-provenance.ts';
import { BOM_INPUT_IGNORED } from './issues.ts';
import { readProvenance } from '../provenance/read-statement.ts';
import type { BomLimits } from './limits.ts';
import { summarizeProvenance } from './provenance-summary.ts';
import type { ProvenanceSummary } from './provenance-summary.ts';

/** A provenance file and what it says. */
export interface LoadedProvenance {
  readonly path: string;
  readonly facts: ProvenanceSummary;
}

/**
 * The provenance to record: the file given (any problem is PROVENANCE_STATEMENT_INVALID), or the first
 * readable candidate at the top of a model folder (problems with candidates are only issues), or none.
 */
export async function loadProvenance(
  modelPath: string,
  isDir: boolean,
  given: string | false | undefined,
  limits: BomLimits,
  issues: FormatIssue[],
): Promise<LoadedProvenance | undefined> {
  if (given === false) return undefined;
  if (given !== undefined) {
    const path = resolve(given);
    const result = await readOne(path, limits);
    if (typeof result === 'string')
      throw new MlsecError('PROVENANCE_STATEMENT_INVALID', `${snippet(given)}: ${result}`);
    return { path, facts: result };
  }
  if (!isDir) return undefined;
  for (const name of await findProvenance(modelPath)) {
    const path = join(modelPath, name);
    const result = await readOne(path, limits);
    if (typeof result !== 'string') return { path, facts: result };
    issues.push(
      issue(
        BOM_INPUT_IGNORED,
        `${snippet(name)} is not provenance mlsec can read (${result}); left out`,
      ),
    );
  }
  return undefined;
}

/** The facts, or why not (a message). */
async function readOne(path: string, limits: BomLimits): Promise<ProvenanceSummary | string> {
  let read;
  try {
    read = await readFileBounded(path, limits.provenanceBytes, { refuseLarger: true });
  } catch {
    return 'cannot be read';
  }
  if (read === undefined) return 'not found or not a file';
  if (read.truncated) return `over ${limits.provenanceBytes} bytes`;
  const parsed = readProvenance(read.bytes);
  return parsed.ok
    ? summarizeProvenance(parsed.value, limits)
    : (parsed.issues[0]?.message ?? 'malformed');
}
