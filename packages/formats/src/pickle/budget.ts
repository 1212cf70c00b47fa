/**
 * A cap on the work spent on evidence (rendering calls, collecting the globals behind them) across one
 * analysis. Each call's rendering is bounded already, but a hostile pickle can repeat a call on a large
 * structure millions of times; once the budget is spent, renderings shrink to `…` while imports and
 * calls are still all reported.
 */
export class WorkBudget {
  private remaining: number;

  constructor(units: number) {
    this.remaining = units;
  }

  /** Spend one unit; false once the budget is exhausted. */
  take(): boolean {
    if (this.remaining <= 0) return false;
    this.remaining--;
    return true;
  }

  get exhausted(): boolean {
    return this.remaining <= 0;
  }
}

/** Units of evidence work per analysis: about a second of rendering in the worst case. */
export const EVIDENCE_BUDGET = 20_000_000;
