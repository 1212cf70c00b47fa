import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { PullVolumeMonitor } from '../access/pull-volume.ts';
import type { PullVolumeOptions } from '../access/pull-volume.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { DbPullVolumeStore } from './pull-volume-store.ts';
import { freshDatabase } from './testing/access-fixture.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const MB = 1_000_000;

type Monitor = {
  record(who: string, bytes: number): ReturnType<PullVolumeMonitor['record']>;
};

/** 24 hours of 100 MB per hour for `who`, ending exactly at the start of the current window. */
async function steadyDay(m: Monitor, clock: { t: number }, who: string): Promise<void> {
  for (let h = 0; h < 24; h++) {
    assert.equal(await m.record(who, 100 * MB), undefined, `hour ${h}`);
    clock.t += HOUR;
  }
}

for (const engine of TEST_ENGINES) {
  describe(`PullVolumeMonitor over the database on ${engine}`, () => {
    let test: TestDatabase;
    let database: RegistryDatabase;
    before(async () => {
      ({ test, database } = await freshDatabase(engine, 'pull_volume'));
    });
    after(async () => {
      await database.close();
      await test.dispose();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('pull_volume').execute();
      await database.db.deleteFrom('pull_alerts').execute();
    });

    function monitor(extra: Partial<PullVolumeOptions> = {}) {
      const clock = { t: Date.UTC(2026, 0, 1) };
      const monitor = new PullVolumeMonitor({
        windowMs: HOUR,
        bucketMs: MIN,
        baselineWindows: 24,
        multiplier: 5,
        minBaselineBytes: 30 * MB,
        ceilingBytes: 10_000 * MB,
        now: () => clock.t,
        ...extra,
      });
      const store = new DbPullVolumeStore(database.db);
      const m = {
        record: (who: string, bytes: number) => monitor.record(store, who, bytes),
        windowBytes: (who: string) => monitor.windowBytes(store, who),
      };
      return { m, clock };
    }

    it('stays quiet at the principal’s usual volume', async () => {
      const { m, clock } = monitor();
      await steadyDay(m, clock, 'alice');
      assert.equal(await m.record('alice', 100 * MB), undefined);
    });

    it('alerts when the window passes N× the trailing baseline, naming the figures', async () => {
      const { m, clock } = monitor();
      await steadyDay(m, clock, 'alice');
      // Baseline 100 MB per hour, multiplier 5: 500 MB is fine, the next byte is not.
      assert.equal(await m.record('alice', 500 * MB), undefined);
      const alert = await m.record('alice', 1);
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

    it('judges each principal against its own baseline', async () => {
      const { m, clock } = monitor();
      for (let h = 0; h < 24; h++) {
        await m.record('heavy', 1000 * MB);
        await m.record('light', 10 * MB);
        clock.t += HOUR;
      }
      assert.equal(await m.record('heavy', 600 * MB), undefined);
      assert.equal((await m.record('light', 600 * MB))?.reason, 'baseline');
    });

    it('uses the floor for a principal without history', async () => {
      const { m } = monitor();
      assert.equal(await m.record('new', 150 * MB), undefined); // floor 30 MB × 5
      assert.equal((await m.record('new', 1))?.reason, 'baseline');
    });

    it('alerts past the absolute ceiling even with a large baseline', async () => {
      const { m, clock } = monitor({ ceilingBytes: 3000 * MB });
      for (let h = 0; h < 24; h++) {
        await m.record('bulk', 2900 * MB);
        clock.t += HOUR;
      }
      assert.equal(await m.record('bulk', 3000 * MB), undefined);
      const alert = await m.record('bulk', 1);
      assert.equal(alert?.reason, 'ceiling');
      assert.equal(alert?.thresholdBytes, 3000 * MB);
    });

    it('slides: bytes older than the window stop counting towards it', async () => {
      const { m, clock } = monitor();
      await m.record('alice', 40 * MB);
      clock.t += HOUR - MIN; // still inside the window (its last minute)
      assert.equal(await m.windowBytes('alice'), 40 * MB);
      clock.t += MIN;
      assert.equal(await m.windowBytes('alice'), 0);
      assert.equal(await m.windowBytes('nobody'), 0);
    });

    it('raises one alert per window, then again if the volume stays high', async () => {
      const { m, clock } = monitor();
      assert.ok(await m.record('x', 151 * MB));
      for (let i = 0; i < 10; i++) {
        clock.t += MIN;
        assert.equal(await m.record('x', 151 * MB), undefined);
      }
      clock.t += HOUR - 10 * MIN;
      assert.equal((await m.record('x', 151 * MB))?.reason, 'baseline');
    });

    it('forgets history beyond the baseline horizon', async () => {
      const { m, clock } = monitor();
      await steadyDay(m, clock, 'alice');
      clock.t += 30 * HOUR; // the whole steady day is now older than window + 24 windows
      assert.equal(await m.record('alice', 150 * MB), undefined);
      assert.equal((await m.record('alice', 1))?.reason, 'baseline'); // back to the 30 MB floor
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
}
