import type { ByteSource, Evidence, Limits, Location, Severity } from '@mlsec/core';
import type { FormatId } from '@mlsec/formats';
import type { Policy } from '../policy/types.ts';
import type { ScanSettings } from './settings.ts';

/** What a detector passes to ScanContext.report; the engine adds catalogue data and the fingerprint. */
export interface ReportInput {
  readonly ruleId: string;
  /** One sentence; untrusted text already passed through snippet(). */
  readonly message: string;
  readonly evidence?: Evidence;
  /** Override of the catalogue severity (e.g. a downgraded finding). */
  readonly severity?: Severity;
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
  /** Notebook cell, 1-based (line and column are then within the cell's source or output). */
  readonly cell?: number;
  readonly pointer?: string;
  /** Members below the context's location (e.g. a JSON file inside an archive already open). */
  readonly member?: readonly string[];
  /**
   * Another file on disk the finding is in, relative to the scan root like `location.path` (e.g. a
   * requirements file included by this one); only for a top-level file (`ctx.file` set).
   */
  readonly path?: string;
  /** Evidence values that identify the finding across runs (fed to the fingerprint). */
  readonly key?: readonly string[];
}

/** Shared by every nested scan of one top-level file: caps total work across nesting. */
export interface ScanBudget {
  /** Decompressed bytes still allowed for this top-level file. */
  decompressed: number;
}

/** Everything a detector needs to scan one artifact (a file, or a member of an archive). */
export interface ScanContext {
  /** Where the artifact is: the file on disk and the member chain inside archives. */
  readonly location: Location;
  readonly source: ByteSource;
  readonly format: FormatId;
  readonly limits: Limits;
  readonly policy: Policy;
  /** Nesting depth: 0 for a file on disk. */
  readonly depth: number;
  readonly budget: ScanBudget;
  /** Secrets rules and advisory database, when a selected detector uses them. */
  readonly settings: ScanSettings;
  /** Absolute path of the file on disk, for a top-level artifact (depth 0) read from disk. */
  readonly file?: string;
  report(input: ReportInput): void;
  /** Identify `source` by content and scan it as the member `name` of this artifact. */
  scanNested(name: string, source: ByteSource): Promise<void>;
}

/** Scans artifacts of the formats it lists. */
export interface Detector {
  readonly id: string;
  readonly formats: readonly FormatId[];
  /** Parts of ScanSettings the detector reads (loaded only when such a detector is selected). */
  readonly uses?: readonly ('secrets' | 'advisories')[];
  run(ctx: ScanContext): Promise<void>;
}

/** What a repository-level detector reports: like ReportInput, but for any file of the folder. */
export interface RepoReportInput extends ReportInput {
  /** File the finding is about, relative to the repository folder ('/' separators); '' for the folder. */
  readonly file: string;
}

/** A folder scanned as a whole (e.g. a Hugging Face model repository). */
export interface RepoContext {
  /** Absolute path of the folder on disk. */
  readonly root: string;
  /** Path of the folder relative to the scan root ('' when it is the root), '/' separators. */
  readonly relativeRoot: string;
  /** Regular files of the folder and its subfolders, relative to `root`, '/' separators, sorted, bounded. */
  readonly files: readonly string[];
  readonly limits: Limits;
  readonly policy: Policy;
  /** Read a file of the folder as UTF-8 text, at most `maxBytes` bytes; undefined if unreadable. */
  readText(file: string, maxBytes: number): Promise<string | undefined>;
  report(input: RepoReportInput): void;
}

/** Reviews a folder as a whole; `applies` decides from the file list whether to run. */
export interface RepoDetector {
  readonly id: string;
  applies(files: readonly string[]): boolean;
  run(ctx: RepoContext): Promise<void>;
}
