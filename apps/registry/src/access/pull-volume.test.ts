import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { PullVolumeMonitor } from './pull-volume.ts';
import type { PullVolumeOptions } from './pull-volume.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const MB = 1_000_000;

function monitor(extra: Partial<PullVolumeOptions> = {}) {
  const clock = { t: Date.UTC(2026, 0, 1) };
  const m = new PullVolumeMonitor({
    windowMs: HOUR,
    bucketMs: MIN,
    baselineWindows: 24,
    multiplier: 5,
    minBaselineBytes: 30 * MB,
    ceilingBytes: 10_000 * MB,
    now: () => clock.t,
    ...extra,
  });
  return { m, clock };
}

/** 24 hours of 100 MB per hour for `who`, ending exactly at the start of the current window. */
function steadyDay(m: PullVolumeMonitor, clock: { t: number }, who: string): void {
  for (let h = 0; h < 24; h++) {
    assert.equal(m.record(who, 100 * MB), undefined, `hour ${h}`);
    clock.t += HOUR;
  }
}

describe('PullVolumeMonitor', () => {
  it('stays quiet at the principal’s usual volume', () => {
    const { m, clock } = monitor();
    steadyDay(m, clock, 'alice');
    assert.equal(m.record('alice', 100 * MB), undefined);
  });

  it('alerts when the window passes N× the trailing baseline, naming the figures', () => {
    const { m, clock } = monitor();
    steadyDay(m, clock, 'alice');
    // Baseline 100 MB per hour, multiplier 5: 500 MB is fine, the next byte is not.
    assert.equal(m.record('alice', 500 * MB), undefined);
    const alert = m.record('alice', 1);
    assert.ok(alert);
    assert.equal(alert.reason, 'baseline');
    assert.equal(alert.principal, 'alice');
    assert.equal(alert.windowBytes, 500 * MB + 1);
    assert.equal(alert.baselineBytes, 100 * MB);
    assert.equal(alert.thresholdBytes, 500 * MB);
    assert.equal(alert.at, clock.t);
    assert.match(
      alert.message,
      /alice pulled 500000001 bytes .* over 5× its baseline \(100000000 per window\)/,
    );
  });

  it('judges each principal against its own baseline', () => {
    const { m, clock } = monitor();
    for (let h = 0; h < 24; h++) {
      m.record('heavy', 1000 * MB);
      m.record('light', 10 * MB);
      clock.t += HOUR;
    }
    assert.equal(m.record('heavy', 600 * MB), undefined);
    assert.equal(m.record('light', 600 * MB)?.reason, 'baseline');
  });

  it('uses the floor for a principal without history', () => {
    const { m } = monitor();
    assert.equal(m.record('new', 150 * MB), undefined); // floor 30 MB × 5
    assert.equal(m.record('new', 1)?.reason, 'baseline');
  });

  it('alerts past the absolute ceiling even with a large baseline', () => {
    const { m, clock } = monitor({ ceilingBytes: 3000 * MB });
    for (let h = 0; h < 24; h++) {
      m.record('bulk', 2900 * MB);
      clock.t += HOUR;
    }
    assert.equal(m.record('bulk', 3000 * MB), undefined);
    const alert = m.record('bulk', 1);
    assert.equal(alert?.reason, 'ceiling');
    assert.equal(alert?.thresholdBytes, 3000 * MB);
  });

  it('slides: bytes older than the window stop counting towards it', () => {
    const { m, clock } = monitor();
    m.record('alice', 40 * MB);
    clock.t += HOUR - MIN; // still inside the window (its last minute)
    assert.equal(m.windowBytes('alice'), 40 * MB);
    clock.t += MIN;
    assert.equal(m.windowBytes('alice'), 0);
    assert.equal(m.windowBytes('nobody'), 0);
  });

  it('raises one alert per window, then again if the volume stays high', () => {
    const { m, clock } = monitor();
    assert.ok(m.record('x', 151 * MB));
    for (let i = 0; i < 10; i++) {
      clock.t += MIN;
      assert.equal(m.record('x', 151 * MB), undefined);
    }
    clock.t += HOUR - 10 * MIN;
    assert.equal(m.record('x', 151 * MB)?.reason, 'baseline');
  });

  it('forgets history beyond the baseline horizon', () => {
    const { m, clock } = monitor();
    steadyDay(m, clock, 'alice');
    clock.t += 30 * HOUR; // the whole steady day is now older than window + 24 windows
    assert.equal(m.record('alice', 150 * MB), undefined);
    assert.equal(m.record('alice', 1)?.reason, 'baseline'); // back to the 30 MB floor
  });

  it('refuses bad thresholds', () => {
    const bad: Partial<PullVolumeOptions>[] = [
      { windowMs: 0 },
      { bucketMs: 7 * MIN },
      { multiplier: 1 },
      { multiplier: Number.NaN },
      { minBaselineBytes: -1 },
      { ceilingBytes: 0 },
      { baselineWindows: 10_000 },
    ];
    for (const extra of bad) {
      assert.throws(
        () => monitor(extra),
        (e: unknown) => isMlsecError(e) && e.code === 'REGISTRY_ACCESS_CONFIG_INVALID',
        JSON.stringify(extra),
      );
    }
  });
});
