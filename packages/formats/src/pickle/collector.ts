import { ReadError, issue } from '@mlsec/core';
import type { FormatIssue, Limits } from '@mlsec/core';
import type { GlobalRef } from './decode.ts';
import type { GlobalEvent, MachineSink } from './machine.ts';
import { EVIDENCE_BUDGET, WorkBudget } from './budget.ts';
import { collectGlobals } from './resolve.ts';
import type { JoblibArray, PickleCall, PickleGlobal, PickleInfo } from './types.ts';
import type { CallOpcode, PickleValue } from './values.ts';

/**
 * Non-fatal issues kept per code; past it one PICKLE_TOO_MANY_ISSUES names the code and the rest are
 * dropped. Per code, so a flood of one kind (stack underflows) cannot push another (TRAILING_DATA) out.
 */
const MAX_ISSUES_PER_CODE = 10;

interface Snapshot {
  readonly sizes: readonly number[];
  readonly persistentIds: number;
}

/**
 * Collects what every machine of one analysis reports. Lists are bounded by limits.maxEntries: past it,
 * only globals and calls not seen before are added (an attacker cannot push a payload out of view with
 * many benign repeats), and a flood of new ones ends the analysis.
 */
export class Collector {
  readonly pickles: { -readonly [K in keyof PickleInfo]: PickleInfo[K] }[] = [];
  readonly globals: PickleGlobal[] = [];
  readonly calls: PickleCall[] = [];
  readonly extensions: { code: number; offset: number; pickleIndex: number }[] = [];
  readonly joblibArrays: JoblibArray[] = [];
  readonly issues: FormatIssue[] = [];
  persistentIds = 0;
  globalsDropped = 0;
  callsDropped = 0;
  private readonly issueCounts = new Map<string, number>();
  private readonly seenGlobals = new Set<string>();
  private readonly seenCalls = new Set<string>();
  private readonly limits: Limits;
  /** Shared with the machines: caps rendering and global collection for the whole analysis. */
  readonly budget = new WorkBudget(EVIDENCE_BUDGET);
  private budgetReported = false;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  addIssue(code: string, message: string, offset: number, fatal = false): void {
    const count = (this.issueCounts.get(code) ?? 0) + 1;
    this.issueCounts.set(code, count);
    if (!fatal && count > MAX_ISSUES_PER_CODE) {
      if (count === MAX_ISSUES_PER_CODE + 1) {
        this.issues.push(
          issue(
            'PICKLE_TOO_MANY_ISSUES',
            `more than ${MAX_ISSUES_PER_CODE} ${code} issues; the rest are not listed`,
            offset,
          ),
        );
      }
      return;
    }
    this.issues.push(issue(code, message, offset, fatal));
  }

  /** Whether to list an item with this key; throws when distinct items flood past twice the limit. */
  private admit(
    listLength: number,
    seen: Set<string>,
    key: string,
    what: string,
    offset: number,
  ): boolean {
    const fresh = !seen.has(key);
    if (fresh) seen.add(key);
    if (listLength < this.limits.maxEntries) return true;
    if (!fresh) return false;
    if (listLength >= 2 * this.limits.maxEntries) {
      throw new ReadError(
        'PICKLE_TOO_MANY_' + what,
        `more than ${2 * this.limits.maxEntries} distinct ${what.toLowerCase()}`,
        offset,
      );
    }
    return true;
  }

  /** A MachineSink that tags what it receives with `pickleIndex`. */
  sinkFor(pickleIndex: number): MachineSink {
    return {
      issue: (code, message, offset) => this.addIssue(code, message, offset),
      persistentId: () => {
        this.persistentIds++;
      },
      extension: (code, offset) => {
        if (this.extensions.length < this.limits.maxEntries)
          this.extensions.push({ code, offset, pickleIndex });
      },
      global: (event) => this.addGlobal(event, pickleIndex),
      call: (opcode, offset, callee, expression, rendered) =>
        this.addCall(opcode, offset, callee, expression, rendered, pickleIndex),
    };
  }

  private addGlobal(event: GlobalEvent, pickleIndex: number): void {
    const { ref, written, via, operandsFromMemo, offset, protocol } = event;
    const key = `${ref.module}\0${ref.name}\0${via}\0${String(operandsFromMemo)}`;
    if (!this.admit(this.globals.length, this.seenGlobals, key, 'GLOBALS', offset)) {
      this.globalsDropped++;
      return;
    }
    const entry: { -readonly [K in keyof PickleGlobal]: PickleGlobal[K] } = {
      module: ref.module,
      name: ref.name,
      offset,
      pickleIndex,
      via,
      operandsFromMemo,
      protocol,
    };
    if (written.module !== ref.module || written.name !== ref.name) entry.written = written;
    if (event.dynamic) entry.dynamic = true;
    this.globals.push(entry);
  }

  private addCall(
    opcode: CallOpcode,
    offset: number,
    callee: GlobalRef | undefined,
    expression: PickleValue,
    rendered: string,
    pickleIndex: number,
  ): void {
    const calleeGlobals = collectGlobals(expression, 16, this.budget);
    if (this.budget.exhausted && !this.budgetReported) {
      this.budgetReported = true;
      this.addIssue(
        'PICKLE_EVIDENCE_BUDGET',
        'too many calls to render them all; later renderings are cut short',
        offset,
      );
    }
    const target = callee ?? calleeGlobals[0];
    const key = `${opcode}\0${callee === undefined ? '?' : ''}${target === undefined ? rendered : `${target.module}\0${target.name}`}`;
    if (!this.admit(this.calls.length, this.seenCalls, key, 'CALLS', offset)) {
      this.callsDropped++;
      return;
    }
    this.calls.push({ opcode, offset, pickleIndex, callee, calleeGlobals, rendered });
  }

  /** Every list a snapshot measures and a rollback cuts back, in one fixed order. */
  private lists(): { length: number }[] {
    return [
      this.pickles,
      this.globals,
      this.calls,
      this.extensions,
      this.joblibArrays,
      this.issues,
    ];
  }

  snapshot(): Snapshot {
    return { sizes: this.lists().map((l) => l.length), persistentIds: this.persistentIds };
  }

  /** Forget what was collected since `snap` (bytes after a pickle turned out not to be one). */
  rollback(snap: Snapshot): void {
    this.lists().forEach((l, i) => {
      l.length = snap.sizes[i] ?? l.length;
    });
    this.persistentIds = snap.persistentIds;
  }
}
