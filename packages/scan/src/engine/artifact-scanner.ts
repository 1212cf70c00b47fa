import { snippet } from '@mlsec/core';
import type { ByteSource, Finding, Limits, Location } from '@mlsec/core';
import { hasZipEnd, IDENTIFY_HEAD_BYTES, IDENTIFY_TAIL_BYTES, identify } from '@mlsec/formats';
import type { FormatId } from '@mlsec/formats';
import type { Policy } from '../policy/types.ts';
import type { Detector, ReportInput, ScanBudget, ScanContext } from './context.ts';
import { makeFinding } from './make-finding.ts';
import type { ScanSettings } from './settings.ts';

export interface ArtifactScannerOptions {
  readonly limits: Limits;
  readonly policy: Policy;
  readonly detectors: readonly Detector[];
  readonly settings: ScanSettings;
}

/** Receives findings and counts nested artifacts for one top-level file. */
export interface ArtifactSink {
  finding(finding: Finding): void;
  artifact(): void;
}

/** What identification found: the format, and whether a zip is also appended at the end. */
interface Identified {
  readonly format: FormatId;
  readonly appendedZip: boolean;
}

/**
 * Formats whose tail may hold a zip end record legitimately: a tar whose last member is a zip. Their
 * members are scanned anyway, so the appended-zip check is skipped for them.
 */
const CONTAINS_ZIPS: ReadonlySet<FormatId> = new Set(['zip', 'tar']);

/** Identify by content: the head decides the format; the tail reveals zips appended to anything. */
async function identifySource(source: ByteSource): Promise<Identified> {
  const head = await source.read(0, Math.min(source.size, IDENTIFY_HEAD_BYTES));
  if (source.size <= head.length) {
    const format = identify(head, head, source.size);
    return { format, appendedZip: !CONTAINS_ZIPS.has(format) && hasZipEnd(head) };
  }
  const tailLength = Math.min(source.size, IDENTIFY_TAIL_BYTES);
  const tail = await source.read(source.size - tailLength, tailLength);
  const format = identify(head, tail, source.size);
  return { format, appendedZip: !CONTAINS_ZIPS.has(format) && hasZipEnd(tail) };
}

/**
 * Scans one artifact and, through ScanContext.scanNested, everything nested in it, down to
 * `limits.maxDepth`. Detector failures become `scan/internal-error` findings: the scan fails closed.
 */
export class ArtifactScanner {
  private readonly options: ArtifactScannerOptions;
  private readonly byFormat = new Map<FormatId, Detector[]>();
  private scanned = 0;

  constructor(options: ArtifactScannerOptions) {
    this.options = options;
    for (const detector of options.detectors) {
      for (const format of detector.formats) {
        const list = this.byFormat.get(format) ?? [];
        list.push(detector);
        this.byFormat.set(format, list);
      }
    }
  }

  /** Scan a top-level artifact (`file`: its absolute path on disk) with a fresh decompression budget. */
  async scanTop(
    source: ByteSource,
    location: Location,
    sink: ArtifactSink,
    file?: string,
  ): Promise<FormatId> {
    const budget: ScanBudget = { decompressed: this.options.limits.maxDecompressedBytes };
    return this.scan(source, location, 0, budget, sink, file);
  }

  private async scan(
    source: ByteSource,
    location: Location,
    depth: number,
    budget: ScanBudget,
    sink: ArtifactSink,
    file?: string,
  ): Promise<FormatId> {
    sink.artifact();
    // Archive members read from memory never wait for I/O; let the event loop turn now and then so
    // that resources freed in callbacks (node:zlib engines of failed streams) are released.
    if (++this.scanned % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
    const { format, appendedZip } = await identifySource(source);
    // A zip appended to another format is scanned as a zip too: zip readers find it from the end.
    const detectors = [
      ...(this.byFormat.get(format) ?? []),
      ...(appendedZip ? (this.byFormat.get('zip') ?? []) : []),
    ];
    const seen = new Set<string>();
    const report = (input: ReportInput): void => {
      const finding = makeFinding(location, input);
      if (seen.has(finding.fingerprint)) return; // one finding per rule, place and key evidence
      seen.add(finding.fingerprint);
      sink.finding(finding);
    };
    const ctx: ScanContext = {
      location,
      source,
      format,
      limits: this.options.limits,
      policy: this.options.policy,
      depth,
      budget,
      settings: this.options.settings,
      ...(file !== undefined ? { file } : {}),
      report,
      scanNested: async (name, child) => {
        const member = [...(location.member ?? []), name];
        if (depth + 1 > this.options.limits.maxDepth) {
          report({
            ruleId: 'scan/too-deep',
            message: `Nested content ${snippet(name)} is deeper than the limit of ${this.options.limits.maxDepth} levels and was not scanned.`,
            evidence: { depth: depth + 1, member: snippet(name) },
          });
          return;
        }
        await this.scan(child, { path: location.path, member }, depth + 1, budget, sink);
      },
    };
    for (const detector of detectors) {
      try {
        await detector.run(ctx);
      } catch (error) {
        report({
          ruleId: 'scan/internal-error',
          message: `Detector ${detector.id} failed: ${snippet(error instanceof Error ? error.message : String(error))}.`,
          evidence: { detector: detector.id },
        });
      }
    }
    return format;
  }
}
