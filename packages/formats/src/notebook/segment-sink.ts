import { issue } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import type { SegmentText } from './segment-text.ts';
import type { NotebookSegment, NotebookLocation } from './types.ts';

/** Thrown by SegmentSink.push past its bound; readNotebook turns it into a fatal issue. */
export class SegmentLimit extends Error {}

/** Collects segments and issues while a notebook is read, up to `max` segments. */
export class SegmentSink {
  readonly segments: NotebookSegment[] = [];
  readonly issues: FormatIssue[] = [];
  skippedBinary = 0;
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** Keep a segment (empty text is dropped: there is nothing to scan). */
  push(text: SegmentText, location: NotebookLocation): void {
    const value = text.text;
    if (value.length === 0) return;
    if (this.segments.length >= this.max) throw new SegmentLimit();
    this.segments.push({ text: value, location, parts: text.parts });
  }

  /** Report a non-fatal problem and go on. */
  warn(code: string, message: string): void {
    this.issues.push(issue(code, message));
  }
}
