import { MlsecError, snippet } from '@mlsec/core';

/** Thresholds of the pull-volume (exfiltration) signal. Times in ms, sizes in bytes. */
export interface PullVolumeOptions {
  /** Length of the sliding window whose total is watched, e.g. one hour. */
  readonly windowMs: number;
  /** Resolution of the window; must divide windowMs (e.g. one minute). */
  readonly bucketMs: number;
  /** How many windows before the current one form the principal's baseline (e.g. 168 hours = a week). */
  readonly baselineWindows: number;
  /** Alert when the window total exceeds this many times the baseline (the average window before). */
  readonly multiplier: number;
  /**
   * The baseline is never taken below this, so a principal with little or no history alerts only past
   * multiplier × minBaselineBytes rather than on its first pull.
   */
  readonly minBaselineBytes: number;
  /** Alert whenever a window total exceeds this, whatever the baseline. */
  readonly ceilingBytes: number;
  /** The clock (injected so tests control time). */
  readonly now: () => number;
}

/** The alert event: one principal pulled an unusual volume of model bytes. */
export interface PullVolumeAlert {
  readonly type: 'pull-volume';
  readonly principal: string;
  /** `ceiling`: over the absolute ceiling; `baseline`: over multiplier × the principal's own baseline. */
  readonly reason: 'ceiling' | 'baseline';
  readonly windowBytes: number;
  readonly baselineBytes: number;
  readonly thresholdBytes: number;
  readonly at: number;
  readonly message: string;
}

interface History {
  /** Bytes per bucket index (time / bucketMs). */
  readonly buckets: Map<number, number>;
  lastAlertAt: number;
}

/** Most buckets one principal may keep: bounds memory and the per-pull sum. */
const MAX_BUCKETS = 100_000;

function check(options: PullVolumeOptions): void {
  const fail = (m: string) =>
    new MlsecError('REGISTRY_ACCESS_CONFIG_INVALID', `pull-volume alert: ${m}`);
  const { windowMs, bucketMs, baselineWindows, multiplier, minBaselineBytes, ceilingBytes } =
    options;
  for (const [name, v] of Object.entries({ windowMs, bucketMs, baselineWindows, ceilingBytes })) {
    if (!Number.isSafeInteger(v) || v <= 0) throw fail(`${name} must be a positive whole number`);
  }
  if (windowMs % bucketMs !== 0) throw fail('bucketMs must divide windowMs');
  if ((windowMs / bucketMs) * (baselineWindows + 1) > MAX_BUCKETS)
    throw fail(`more than ${MAX_BUCKETS} buckets`);
  if (!Number.isFinite(multiplier) || multiplier <= 1)
    throw fail('multiplier must be a number above 1');
  if (!Number.isSafeInteger(minBaselineBytes) || minBaselineBytes < 0)
    throw fail('minBaselineBytes must be 0 or more');
}

/**
 * A per-principal sliding-window counter of model bytes pulled. record() returns an alert when the
 * current window's total passes the absolute ceiling or multiplier × the principal's trailing baseline
 * (the average total of the `baselineWindows` windows before the current one); after an alert the
 * principal is quiet for one window so a long pull raises one event, not one per chunk. Pure: state in
 * memory, time from `now()`.
 *
 * @example
 * const monitor = new PullVolumeMonitor({ windowMs: 3600e3, bucketMs: 60e3, baselineWindows: 168,
 *   multiplier: 10, minBaselineBytes: 1 << 30, ceilingBytes: 200 * 2 ** 30, now: Date.now });
 * const alert = monitor.record('alice', bytesSent);
 */
export class PullVolumeMonitor {
  readonly #options: PullVolumeOptions;
  readonly #windowBuckets: number;
  readonly #histories = new Map<string, History>();
  #records = 0;

  constructor(options: PullVolumeOptions) {
    check(options);
    this.#options = { ...options };
    this.#windowBuckets = options.windowMs / options.bucketMs;
  }

  /** Count `bytes` pulled by `principal` now; an alert when that crosses a threshold. */
  record(principal: string, bytes: number): PullVolumeAlert | undefined {
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new RangeError('bytes must be a whole number ≥ 0');
    const at = this.#options.now();
    const bucket = Math.floor(at / this.#options.bucketMs);
    if (++this.#records % 1024 === 0) this.#prune(bucket);
    let history = this.#histories.get(principal);
    if (history === undefined) {
      history = { buckets: new Map(), lastAlertAt: -Infinity };
      this.#histories.set(principal, history);
    }
    history.buckets.set(bucket, (history.buckets.get(bucket) ?? 0) + bytes);
    const { windowBytes, baselineBytes } = this.#totals(history, bucket);
    if (at - history.lastAlertAt < this.#options.windowMs) return undefined;
    const { multiplier, minBaselineBytes, ceilingBytes } = this.#options;
    const relative = multiplier * Math.max(baselineBytes, minBaselineBytes);
    const reason =
      windowBytes > ceilingBytes ? 'ceiling' : windowBytes > relative ? 'baseline' : undefined;
    if (reason === undefined) return undefined;
    history.lastAlertAt = at;
    const thresholdBytes = reason === 'ceiling' ? ceilingBytes : relative;
    const message =
      `${snippet(principal, 80)} pulled ${windowBytes} bytes in ${this.#options.windowMs} ms, over ` +
      (reason === 'ceiling'
        ? `the ceiling of ${ceilingBytes}`
        : `${multiplier}× its baseline (${Math.round(baselineBytes)} per window)`);
    return {
      type: 'pull-volume',
      principal,
      reason,
      windowBytes,
      baselineBytes,
      thresholdBytes,
      at,
      message,
    };
  }

  /** Bytes the principal pulled in the current window (0 when unknown). */
  windowBytes(principal: string): number {
    const history = this.#histories.get(principal);
    if (history === undefined) return 0;
    return this.#totals(history, Math.floor(this.#options.now() / this.#options.bucketMs))
      .windowBytes;
  }

  /** Sum the current window and the baseline, dropping buckets older than both. */
  #totals(history: History, bucket: number): { windowBytes: number; baselineBytes: number } {
    const windowStart = bucket - this.#windowBuckets + 1;
    const horizon = windowStart - this.#windowBuckets * this.#options.baselineWindows;
    let windowBytes = 0;
    let trailing = 0;
    for (const [index, bytes] of history.buckets) {
      if (index < horizon) history.buckets.delete(index);
      else if (index >= windowStart) windowBytes += index <= bucket ? bytes : 0;
      else trailing += bytes;
    }
    return { windowBytes, baselineBytes: trailing / this.#options.baselineWindows };
  }

  /** Forget principals with nothing left inside the baseline horizon. */
  #prune(bucket: number): void {
    for (const [principal, history] of this.#histories) {
      this.#totals(history, bucket);
      if (history.buckets.size === 0) this.#histories.delete(principal);
    }
  }
}
