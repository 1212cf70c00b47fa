import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import type { ByteSource, Limits, Location } from '@mlsec/core';
import type { FormatId } from '@mlsec/formats';
import type { Detector, ReportInput, ScanContext } from '../engine/context.ts';
import type { Policy } from '../policy/types.ts';
import type { ScanSettings } from '../engine/settings.ts';

/** A report captured by runDetector, with the member chain it was reported at. */
export interface CapturedReport extends ReportInput {
  readonly at: Location;
}

/** A nested scan request captured by runDetector. */
export interface CapturedNested {
  readonly name: string;
  readonly at: Location;
  readonly bytes: Uint8Array;
}

/** A policy that allows nothing and denies nothing: every global is 'unknown'. */
export const NEUTRAL_POLICY: Policy = {
  classifyGlobal: () => ({ kind: 'unknown' }),
  isAllowedConfigModule: (module) => module === 'keras' || module.startsWith('keras.'),
};

/**
 * Test helper: run one detector over bytes in memory and capture what it reports and which nested
 * artifacts it asks to scan (their bytes are read in full, so keep test inputs small).
 */
export async function runDetector(
  detector: Detector,
  bytes: Uint8Array | ByteSource,
  options: {
    format: FormatId;
    path?: string;
    limits?: Limits;
    policy?: Policy;
    /** Secrets rules / advisory database for detectors that use them (see loadScanSettings). */
    settings?: ScanSettings;
    /** Absolute path of the file on disk, as ScanContext.file. */
    file?: string;
    /** Called for each nested artifact, e.g. to run another detector on it. */
    onNested?: (nested: CapturedNested) => Promise<void>;
  },
): Promise<{ reports: CapturedReport[]; nested: CapturedNested[] }> {
  const reports: CapturedReport[] = [];
  const nested: CapturedNested[] = [];
  const source = bytes instanceof Uint8Array ? memorySource(bytes) : bytes;
  const location: Location = { path: options.path ?? 'artifact' };
  const ctx: ScanContext = {
    location,
    source,
    format: options.format,
    limits: options.limits ?? DEFAULT_LIMITS,
    policy: options.policy ?? NEUTRAL_POLICY,
    depth: 0,
    budget: { decompressed: (options.limits ?? DEFAULT_LIMITS).maxDecompressedBytes },
    settings: options.settings ?? {},
    ...(options.file !== undefined ? { file: options.file } : {}),
    report(input) {
      const member = [...(location.member ?? []), ...(input.member ?? [])];
      const at = input.path === undefined ? location : { ...location, path: input.path };
      reports.push({ ...input, at: member.length > 0 ? { ...at, member } : at });
    },
    async scanNested(name, child) {
      const all = await child.read(0, child.size);
      const entry = {
        name,
        at: { ...location, member: [...(location.member ?? []), name] },
        bytes: all,
      };
      nested.push(entry);
      if (options.onNested) await options.onNested(entry);
    },
  };
  await detector.run(ctx);
  return { reports, nested };
}
