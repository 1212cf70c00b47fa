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

/**
 * Where the counters live: model bytes per principal per time bucket, and each principal's last alert.
 * The registry keeps them in its database (access-db's DbPullVolumeStore), inside the transaction that
 * logs the pull, so every replica adds to and judges by the same totals and a restart keeps them.
 */
export interface PullVolumeStore {
  /** Add `bytes` to the principal's bucket. */
  add(principal: string, bucket: number, bytes: number): Promise<void>;
  /** Sum of the principal's buckets in [from, to] and, of those, the ones at or after `windowStart`. */
  totals(
    principal: string,
    from: number,
    windowStart: number,
    to: number,
  ): Promise<{ readonly window: number; readonly all: number }>;
  /** Record an alert at `at` unless the principal alerted after `at - quietMs`; true when recorded. */
  claimAlert(principal: string, at: number, quietMs: number): Promise<boolean>;
  /** Drop every bucket before `bucket` (all principals). */
  prune(bucket: number): Promise<void>;
}

/** Most buckets the window and the baseline may span: bounds the per-pull sum. */
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
 * principal is quiet for one window, across every replica, so a long pull raises one event, not one per
 * file. The counters are in a {@link PullVolumeStore}; time comes from `now()`.
 *
 * @example
 * const monitor = new PullVolumeMonitor({ windowMs: 3600e3, bucketMs: 60e3, baselineWindows: 168,
 *   multiplier: 10, minBaselineBytes: 1 << 30, ceilingBytes: 200 * 2 ** 30, now: Date.now });
 * const alert = await monitor.record(new DbPullVolumeStore(trx), 'alice', bytesSent);
 */
export class PullVolumeMonitor {
  readonly #options: PullVolumeOptions;
  readonly #windowBuckets: number;
  #records = 0;

  constructor(options: PullVolumeOptions) {
    check(options);
    this.#options = { ...options };
    this.#windowBuckets = options.windowMs / options.bucketMs;
  }

  /** Count `bytes` pulled by `principal` now; an alert when that crosses a threshold. */
  async record(
    store: PullVolumeStore,
    principal: string,
    bytes: number,
  ): Promise<PullVolumeAlert | undefined> {
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new RangeError('bytes must be a whole number ≥ 0');
    const at = this.#options.now();
    const bucket = Math.floor(at / this.#options.bucketMs);
    if (++this.#records % 1024 === 0) await store.prune(this.#horizon(bucket));
    await store.add(principal, bucket, bytes);
    const { windowBytes, baselineBytes } = await this.#totals(store, principal, bucket);
    const { multiplier, minBaselineBytes, ceilingBytes, windowMs } = this.#options;
    const relative = multiplier * Math.max(baselineBytes, minBaselineBytes);
    const reason =
      windowBytes > ceilingBytes ? 'ceiling' : windowBytes > relative ? 'baseline' : undefined;
    if (reason === undefined) return undefined;
    if (!(await store.claimAlert(principal, at, windowMs))) return undefined;
    const thresholdBytes = reason === 'ceiling' ? ceilingBytes : relative;
    const message =
      `${snippet(principal, 80)} pulled ${windowBytes} bytes in ${windowMs} ms, over ` +
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
  async windowBytes(store: PullVolumeStore, principal: string): Promise<number> {
    const bucket = Math.floor(this.#options.now() / this.#options.bucketMs);
    return (await this.#totals(store, principal, bucket)).windowBytes;
  }

  /** The first bucket of the baseline: older ones count for nothing. */
  #horizon(bucket: number): number {
    return bucket - this.#windowBuckets * (this.#options.baselineWindows + 1) + 1;
  }

  async #totals(
    store: PullVolumeStore,
    principal: string,
    bucket: number,
  ): Promise<{ windowBytes: number; baselineBytes: number }> {
    const windowStart = bucket - this.#windowBuckets + 1;
    const totals = await store.totals(principal, this.#horizon(bucket), windowStart, bucket);
    return {
      windowBytes: totals.window,
      baselineBytes: (totals.all - totals.window) / this.#options.baselineWindows,
    };
  }
}
