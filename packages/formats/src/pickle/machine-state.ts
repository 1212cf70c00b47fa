import { ReadError } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { UNKNOWN, noteSpecialKeys, strValue } from './values.ts';
import type { ContainerValue, FilledItems, PickleValue } from './values.ts';

/** Where the machine reports what it sees; analyse.ts collects it into a PickleAnalysis. */
export interface IssueSink {
  /** A problem that does not stop decoding (CPython might have raised here; we keep going so nothing
   * after it goes unseen). */
  issue(code: string, message: string, offset: number): void;
}

/**
 * The unpickler's stack, mark stack and memo, with CPython's semantics (Modules/_pickle.c: values below
 * the innermost MARK are out of reach until a mark-consuming opcode pops it) and our limits. Underflows
 * and missing memo entries become issues and an unknown value, so decoding goes on; a memo or container
 * past limits.maxEntries keeps its first entries (an issue says so); a stack past it throws a ReadError,
 * which ends the analysis (fail closed).
 */
export class MachineState {
  protected readonly stack: PickleValue[] = [];
  protected readonly marks: number[] = [];
  protected readonly memo = new Map<number, PickleValue>();
  /** Current opcode offset, for messages. */
  protected at = 0;
  protected readonly limits: Limits;
  protected readonly sink: IssueSink;
  private containerIssued = false;
  private memoIssued = false;

  constructor(limits: Limits, sink: IssueSink) {
    this.limits = limits;
    this.sink = sink;
  }

  /** Values on the stack (all of them, across marks). */
  get depth(): number {
    return this.stack.length;
  }

  protected get fence(): number {
    return this.marks.length === 0 ? 0 : (this.marks[this.marks.length - 1] ?? 0);
  }

  protected push(value: PickleValue): void {
    if (this.stack.length + this.marks.length >= this.limits.maxEntries) {
      throw new ReadError(
        'PICKLE_STACK_TOO_LARGE',
        `stack exceeds ${this.limits.maxEntries} entries at offset ${this.at}`,
        this.at,
      );
    }
    this.stack.push(value);
  }

  protected pop(): PickleValue {
    if (this.stack.length <= this.fence) {
      this.sink.issue('PICKLE_STACK_UNDERFLOW', `stack underflow at offset ${this.at}`, this.at);
      return UNKNOWN;
    }
    return this.stack.pop() ?? UNKNOWN;
  }

  protected top(): PickleValue {
    if (this.stack.length <= this.fence) {
      this.sink.issue('PICKLE_STACK_UNDERFLOW', `stack underflow at offset ${this.at}`, this.at);
      return UNKNOWN;
    }
    return this.stack[this.stack.length - 1] ?? UNKNOWN;
  }

  /** Replace the top value (joblib swaps its array wrapper for the array it read). */
  replaceTop(value: PickleValue): void {
    if (this.stack.length > this.fence) this.stack[this.stack.length - 1] = value;
  }

  protected mark(): void {
    if (this.stack.length + this.marks.length >= this.limits.maxEntries) {
      throw new ReadError(
        'PICKLE_STACK_TOO_LARGE',
        `stack exceeds ${this.limits.maxEntries} entries at offset ${this.at}`,
        this.at,
      );
    }
    this.marks.push(this.stack.length);
  }

  /** Remove the innermost MARK and return the values above it. */
  protected popMark(): PickleValue[] {
    const at = this.marks.pop();
    if (at === undefined) {
      this.sink.issue(
        'PICKLE_MARK_MISSING',
        `no MARK for the opcode at offset ${this.at}`,
        this.at,
      );
      return [];
    }
    return this.stack.splice(at);
  }

  /** POP: drop the top value, or the innermost MARK when nothing is above it (Modules/_pickle.c load_pop). */
  protected popOrMark(): void {
    if (this.marks.length > 0 && this.fence === this.stack.length) this.marks.pop();
    else this.pop();
  }

  protected memoGet(index: number | undefined): PickleValue {
    const value = index === undefined ? undefined : this.memo.get(index);
    if (value === undefined) {
      this.sink.issue(
        'PICKLE_MEMO_MISSING',
        `memo has no entry ${String(index)} (offset ${this.at})`,
        this.at,
      );
      return UNKNOWN;
    }
    // A fetched str is marked so STACK_GLOBAL can tell memo-fetched operands (str is immutable: a copy
    // is indistinguishable); containers stay shared because later opcodes may mutate them.
    return value.kind === 'str' ? strValue(value.value, value.truncated, true) : value;
  }

  protected memoPut(index: number | undefined): void {
    if (index === undefined || index < 0) {
      this.sink.issue('PICKLE_BAD_MEMO_INDEX', `invalid memo index at offset ${this.at}`, this.at);
      return;
    }
    if (this.stack.length <= this.fence) {
      this.sink.issue('PICKLE_STACK_UNDERFLOW', `nothing to memoize at offset ${this.at}`, this.at);
      return;
    }
    if (!this.memo.has(index) && this.memo.size >= this.limits.maxEntries) {
      // Keep the first maxEntries entries (the globals and strings a pickle reuses are memoized early,
      // e.g. torch's _rebuild_tensor_v2) and drop new ones: a later GET of one is reported as missing.
      if (!this.memoIssued) {
        this.memoIssued = true;
        const message = `memo exceeds ${this.limits.maxEntries} entries at offset ${this.at}; newer entries are not kept`;
        this.sink.issue('PICKLE_MEMO_TOO_LARGE', message, this.at);
      }
      return;
    }
    this.memo.set(index, this.stack[this.stack.length - 1] ?? UNKNOWN);
  }

  /** Append to a container (or a call result's filled items), dropping (and reporting once) what exceeds
   * limits.maxEntries. */
  protected addItems(target: ContainerValue | FilledItems, items: readonly PickleValue[]): void {
    if ('kind' in target && target.kind === 'dict') noteSpecialKeys(target, items);
    const room = Math.max(0, this.limits.maxEntries - target.items.length);
    if (items.length <= room) {
      for (const item of items) target.items.push(item);
      return;
    }
    for (let i = 0; i < room; i++) target.items.push(items[i] ?? UNKNOWN);
    target.dropped += items.length - room;
    if (!this.containerIssued) {
      this.containerIssued = true;
      this.sink.issue(
        'PICKLE_CONTAINER_TOO_LARGE',
        `a container exceeds ${this.limits.maxEntries} items (offset ${this.at}); the rest is not tracked`,
        this.at,
      );
    }
  }
}
