import { fail, issue, ok, snippet } from '@mlsec/core';
import type { FormatIssue, Limits, ParseResult } from '@mlsec/core';
import { normalizePackageName } from './package-name.ts';
import { parsePep508, pinnedVersion } from './pep508.ts';
import { PYDEPS_ISSUE_CODES } from './issue-codes.ts';
import type { PydepsIssueCode } from './issue-codes.ts';
import type {
  PythonDependencies,
  PythonDepsSource,
  PythonRequirement,
  RequirementPin,
  RequirementReference,
} from './types.ts';

/** The parts of a requirement a parser knows; the collector fills in the rest. */
export interface RequirementFields {
  readonly name: string;
  readonly specifier?: string;
  /** An exact version known otherwise (lock files); by default taken from `==`/`===` specifiers. */
  readonly version?: string;
  readonly pin?: RequirementPin;
  readonly extras?: readonly string[];
  readonly markers?: string;
  readonly hashes?: readonly string[];
  readonly url?: string;
  readonly group?: string;
  readonly ecosystem?: 'pypi' | 'conda';
  readonly line: number;
}

/** Gathers requirements and issues under the limits; every parser of this folder uses one. */
export class Collector {
  readonly issues: FormatIssue[] = [];
  readonly requirements: PythonRequirement[] = [];
  readonly references: RequirementReference[] = [];
  readonly source: PythonDepsSource;
  readonly limits: Limits;
  full = false;

  constructor(source: PythonDepsSource, limits: Limits) {
    this.source = source;
    this.limits = limits;
  }

  /** Report an issue; fatal as the code's table says unless the caller makes it fatal. */
  report(
    code: PydepsIssueCode,
    message: string,
    fatal: boolean = PYDEPS_ISSUE_CODES[code].fatal,
  ): void {
    if (this.issues.length < 100) this.issues.push(issue(code, message, undefined, fatal));
  }

  /** Room for one more entry? Reports PYDEPS_TOO_MANY once when there is none. */
  room(): boolean {
    if (this.requirements.length + this.references.length < this.limits.maxEntries) return true;
    if (!this.full)
      this.report('PYDEPS_TOO_MANY', `more than ${this.limits.maxEntries} requirements`);
    this.full = true;
    return false;
  }

  /** A value short enough to keep? Reports PYDEPS_LINE_TOO_LONG when not. */
  fits(value: string, line: number): boolean {
    if (value.length <= this.limits.maxStringLength) return true;
    this.report(
      'PYDEPS_LINE_TOO_LONG',
      `line ${line}: longer than ${this.limits.maxStringLength} characters`,
    );
    return false;
  }

  bad(line: number, text: string, why = 'not a PEP 508 requirement'): void {
    this.report('PYDEPS_BAD_REQUIREMENT', `line ${line}: ${why}: ${snippet(text, 80)}`);
  }

  /** Add a PEP 508 requirement string (`name[extras] specifier ; markers` or `name @ url`), or report it. */
  addPep508(
    text: string,
    line: number,
    extra: Pick<RequirementFields, 'group' | 'hashes'> = {},
  ): void {
    const parsed = parsePep508(text);
    if (!parsed) {
      this.bad(line, text);
      return;
    }
    this.add({
      name: parsed.name,
      specifier: parsed.specifier,
      extras: parsed.extras,
      line,
      ...extra,
      ...(parsed.markers !== undefined ? { markers: parsed.markers } : {}),
      ...(parsed.url !== undefined ? { url: parsed.url, pin: 'url' as const } : {}),
    });
  }

  add(fields: RequirementFields): void {
    if (!this.room()) return;
    const specifier = fields.specifier ?? '';
    const version = fields.version ?? pinnedVersion(specifier);
    const pin: RequirementPin =
      fields.pin ?? (version !== undefined ? 'pinned' : specifier !== '' ? 'range' : 'unpinned');
    const out: { -readonly [K in keyof PythonRequirement]: PythonRequirement[K] } = {
      name: fields.name,
      normalizedName: normalizePackageName(fields.name),
      specifier,
      pin,
      extras: fields.extras ?? [],
      hashes: fields.hashes ?? [],
      ecosystem: fields.ecosystem ?? 'pypi',
      line: fields.line,
    };
    if (version !== undefined) out.version = version;
    if (fields.markers !== undefined) out.markers = fields.markers;
    if (fields.url !== undefined) out.url = fields.url;
    if (fields.group !== undefined) out.group = fields.group;
    this.requirements.push(out);
  }

  reference(reference: RequirementReference): void {
    if (this.room()) this.references.push(reference);
  }

  result(): ParseResult<PythonDependencies> {
    const value: PythonDependencies = {
      source: this.source,
      requirements: this.requirements,
      references: this.references,
    };
    return this.issues.some((i) => i.fatal === true)
      ? fail(this.issues, value)
      : ok(value, this.issues);
  }
}

/**
 * The checks every parser makes first: empty input and input past limits.maxBytes are fatal. Returns
 * the collector's failed result, or undefined to go on.
 */
export function checkInput(
  text: string,
  collector: Collector,
): ParseResult<PythonDependencies> | undefined {
  if (text.trim() === '') {
    collector.report('PYDEPS_EMPTY', 'the file is empty', true);
    return collector.result();
  }
  if (text.length > collector.limits.maxBytes) {
    collector.report(
      'PYDEPS_TOO_LARGE',
      `the file is longer than ${collector.limits.maxBytes} bytes`,
      true,
    );
    return collector.result();
  }
  return undefined;
}

/** Line numbers of offsets in a text (newline offsets computed once, binary search per look-up). */
export class Lines {
  readonly text: string;
  private readonly newlines: number[] = [];
  private cursor = 0;

  constructor(text: string) {
    this.text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  /** 1-based line of a character offset. */
  at(offset: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /**
   * Line of the next occurrence of `needle` after the previous find (lock and TOML files list entries
   * in order), searching from the start when it is not found further on; 0 when absent.
   */
  find(needle: string): number {
    let at = this.text.indexOf(needle, this.cursor);
    if (at === -1) at = this.text.indexOf(needle);
    if (at === -1) return 0;
    this.cursor = at + needle.length;
    return this.at(at);
  }
}
