import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import type { DatabaseEngine } from '../../db/database-url.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import type { JobQueue, JobRun } from '../job-queue.ts';
import { MAX_PAYLOAD_BYTES } from '../job-options.ts';
import { createQueueTarget, deferred, waitFor, type QueueTarget } from './queue-targets.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function rejectsWith(work: () => Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => isMlsecError(error) && error.code === code);
}

/** The JobQueue contract, run on one engine. */
export function jobQueueSuite(engine: DatabaseEngine): void {
  describe(`job queue on ${engine}`, () => {
    let target: QueueTarget;
    const queues: JobQueue[] = [];
    const errors: unknown[] = [];
    const onError = (error: unknown): void => {
      errors.push(error);
    };
    const unexpected: unknown[] = [];
    const onUnexpected = (error: unknown): void => {
      unexpected.push(error);
    };

    async function queue(
      kinds: string[],
      extra: Parameters<QueueTarget['queue']>[0] extends infer O ? Partial<O> : never = {},
      database = target.database,
    ): Promise<JobQueue> {
      const q = await target.queue({ kinds, onError, ...extra }, database);
      queues.push(q);
      return q;
    }

    before(async () => {
      target = await createQueueTarget(engine, 'jobs');
      process.on('unhandledRejection', onUnexpected);
      process.on('uncaughtException', onUnexpected);
    });
    after(async () => {
      for (const q of queues) await q.stop();
      process.off('unhandledRejection', onUnexpected);
      process.off('uncaughtException', onUnexpected);
      await target.dispose();
      assert.deepEqual(unexpected, []);
      assert.deepEqual(errors, []);
    });

    it('runs every job once, with its payload, and marks it done', async () => {
      const q = await queue(['once']);
      const ids = [];
      for (let i = 0; i < 20; i++) ids.push(await q.enqueue('once', { n: i, tag: 'x' }));
      const seen: JobRun[] = [];
      await q.work(
        'once',
        async (run) => {
          seen.push(run);
          await sleep(5);
        },
        { concurrency: 3 },
      );
      await waitFor('20 runs', () => seen.length === 20);
      await sleep(300);
      assert.equal(seen.length, 20);
      assert.deepEqual(
        seen.map((r) => r.payload['n']).sort((a, b) => Number(a) - Number(b)),
        [...Array(20).keys()],
      );
      assert.deepEqual(new Set(seen.map((r) => r.id)), new Set(ids));
      for (const run of seen) {
        assert.equal(run.attempt, 1);
        assert.equal(run.kind, 'once');
        assert.equal(run.payload['tag'], 'x');
      }
      await q.stop();
      const rows = await target.rows();
      for (const id of ids) {
        assert.equal(rows.get(id)?.state, 'done');
        assert.equal(rows.get(id)?.attempts, 1);
      }
    });

    it('never runs more handlers of a kind at once than its concurrency', async () => {
      const q = await queue(['bounded']);
      for (let i = 0; i < 12; i++) await q.enqueue('bounded', { i });
      let active = 0;
      let peak = 0;
      let done = 0;
      await q.work(
        'bounded',
        async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(40);
          active--;
          done++;
        },
        { concurrency: 3 },
      );
      await waitFor('12 runs', () => done === 12);
      assert.equal(peak, 3);
      await q.stop();
    });

    it('retries a failing job up to maxAttempts, then marks it failed with the error', async () => {
      const q = await queue(['flaky', 'doomed'], { maxAttempts: 3 });
      const flaky = await q.enqueue('flaky', {});
      const doomed = await q.enqueue('doomed', {});
      const flakyAttempts: number[] = [];
      const doomedAttempts: number[] = [];
      await q.work('flaky', async (run) => {
        flakyAttempts.push(run.attempt);
        assert.equal(run.maxAttempts, 3);
        if (run.attempt < 3) throw new Error(`flaky ${run.attempt}`);
        await sleep(1);
      });
      await q.work('doomed', async (run) => {
        doomedAttempts.push(run.attempt);
        await sleep(1);
        throw new Error('scanner said "no"\nsecond line');
      });
      await waitFor('flaky done', async () => (await target.rows()).get(flaky)?.state === 'done');
      await waitFor(
        'doomed failed',
        async () => (await target.rows()).get(doomed)?.state === 'failed',
      );
      await sleep(300);
      assert.deepEqual(flakyAttempts, [1, 2, 3]);
      assert.deepEqual(doomedAttempts, [1, 2, 3]);
      const row = (await target.rows()).get(doomed);
      assert.equal(row?.attempts, 3);
      assert.equal(row?.error, 'Error: scanner said \\"no\\"\\nsecond line');
      await q.stop();
    });

    it('waits with exponential backoff between attempts', async () => {
      const q = await queue(['backoff'], {
        maxAttempts: 3,
        retryDelaySeconds: 1,
        retryBackoff: true,
      });
      await q.enqueue('backoff', {});
      const times: number[] = [];
      await q.work('backoff', async () => {
        times.push(Date.now());
        await sleep(1);
        throw new Error('again');
      });
      await waitFor('3 attempts', () => times.length === 3, 20_000);
      const [t1 = 0, t2 = 0, t3 = 0] = times;
      // attempt 1 failed: 1 s * 2^0 * (1 + r); attempt 2 failed: 1 s * 2^1 * (1 + r), r in [0, 1)
      assert.ok(t2 - t1 >= 1000 && t2 - t1 < 2000 + 1500, `first gap ${t2 - t1} ms`);
      assert.ok(t3 - t2 >= 2000 && t3 - t2 < 4000 + 1500, `second gap ${t3 - t2} ms`);
      await q.stop();
    });

    it('survives handlers that throw non-errors, throw synchronously or reject late', async () => {
      const q = await queue(['hostile'], { maxAttempts: 1 });
      const ids = await Promise.all(
        ['string', 'sync', 'late', 'ok'].map((how) => q.enqueue('hostile', { how })),
      );
      await q.work(
        'hostile',
        (run) => {
          const how = run.payload['how'];
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point of the test
          if (how === 'string') throw 'a bare string';
          if (how === 'sync') throw new TypeError('sync');
          if (how === 'late') return sleep(20).then(() => Promise.reject(new RangeError('late')));
          return sleep(1);
        },
        { concurrency: 4 },
      );
      await waitFor('all settled', async () => {
        const rows = await target.rows();
        return ids.every((id) => ['done', 'failed'].includes(rows.get(id)?.state ?? ''));
      });
      const rows = await target.rows();
      assert.deepEqual(
        ids.map((id) => [rows.get(id)?.state, rows.get(id)?.error]),
        [
          ['failed', 'a bare string'],
          ['failed', 'TypeError: sync'],
          ['failed', 'RangeError: late'],
          ['done', null],
        ],
      );
      await q.stop();
    });

    it('aborts an attempt that outlives its lease and runs the job again', async () => {
      const q = await queue(['slow'], { leaseSeconds: 1, maxAttempts: 2 });
      const id = await q.enqueue('slow', {});
      const reasons: unknown[] = [];
      const attempts: number[] = [];
      await q.work('slow', async (run) => {
        attempts.push(run.attempt);
        if (run.attempt === 1) {
          await once(run.signal, 'abort');
          reasons.push(run.signal.reason);
          await sleep(200); // a result after the lease must not count
          return;
        }
        await sleep(1);
      });
      await waitFor(
        'second attempt done',
        async () => (await target.rows()).get(id)?.state === 'done',
      );
      assert.deepEqual(attempts, [1, 2]);
      assert.ok(isMlsecError(reasons[0]) && reasons[0].code === 'REGISTRY_JOB_LEASE_EXPIRED');
      assert.equal((await target.rows()).get(id)?.attempts, 2);
      await q.stop();
    });

    it('re-runs the job of a worker killed with SIGKILL once its lease expires', async () => {
      const options = { kinds: ['crash'], leaseSeconds: 2, maxAttempts: 3 };
      const q = await queue(['crash'], options);
      const id = await q.enqueue('crash', { model: 'm' });
      const script = fileURLToPath(new URL('crash-worker.ts', import.meta.url));
      const child = spawn(
        process.execPath,
        [
          '--conditions=@mlsec/source',
          '--import',
          'tsx',
          script,
          JSON.stringify(target.crashConfig(options)),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      assert.equal(line, `started ${id} 1`);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      assert.equal((await target.rows()).get(id)?.state, 'running');
      const runs: JobRun[] = [];
      const killedAt = Date.now();
      await q.work('crash', async (run) => {
        runs.push(run);
        await sleep(1);
      });
      await waitFor('re-run', async () => (await target.rows()).get(id)?.state === 'done');
      assert.equal(runs.length, 1);
      assert.equal(runs[0]?.attempt, 2);
      assert.deepEqual(runs[0]?.payload, { model: 'm' });
      assert.ok(Date.now() - killedAt >= 1000, 'not before the lease ran out');
      await q.stop();
    });

    it('stop() waits for running handlers, then refuses new work', async () => {
      const q = await queue(['graceful']);
      const id = await q.enqueue('graceful', {});
      const release = deferred();
      let started = false;
      let finished = false;
      await q.work('graceful', async () => {
        started = true;
        await release.promise;
        finished = true;
      });
      await waitFor('handler started', () => started);
      let stopped = false;
      const stopping = q.stop().then(() => (stopped = true));
      await sleep(200);
      assert.equal(stopped, false);
      release.resolve();
      await stopping;
      assert.equal(finished, true);
      assert.equal((await target.rows()).get(id)?.state, 'done');
      await rejectsWith(() => q.enqueue('graceful', {}), 'REGISTRY_JOB_QUEUE_STOPPED');
      await rejectsWith(() => q.work('graceful', () => sleep(1)), 'REGISTRY_JOB_QUEUE_STOPPED');
      await q.stop();
    });

    it('shares jobs between two queues on two connections without running one twice', async () => {
      const other = await target.openAnother();
      const a = await queue(['shared']);
      const b = await queue(['shared'], {}, other);
      const ids = new Set<string>();
      for (let i = 0; i < 40; i++) ids.add(await a.enqueue('shared', { i }));
      const runs: { who: string; id: string }[] = [];
      const handler = (who: string) => async (run: JobRun) => {
        runs.push({ who, id: run.id });
        await sleep(25);
      };
      await a.work('shared', handler('a'), { concurrency: 2 });
      await b.work('shared', handler('b'), { concurrency: 2 });
      await waitFor('40 runs', () => runs.length >= 40);
      await sleep(300);
      assert.equal(runs.length, 40);
      assert.deepEqual(new Set(runs.map((r) => r.id)), ids);
      assert.ok(runs.some((r) => r.who === 'a') && runs.some((r) => r.who === 'b'));
      await Promise.all([a.stop(), b.stop()]);
    });

    it('enqueues in the caller transaction: a rolled-back job never exists nor runs', async () => {
      const q = await queue(['tx']);
      await assert.rejects(
        writeTransaction(target.database, async (trx) => {
          await q.enqueue('tx', { keep: false }, { trx });
          throw new Error('upload refused');
        }),
        /upload refused/,
      );
      const kept = await writeTransaction(target.database, (trx) =>
        q.enqueue('tx', { keep: true }, { trx }),
      );
      const payloads: unknown[] = [];
      await q.work('tx', async (run) => {
        payloads.push(run.payload);
        await sleep(1);
      });
      await waitFor('committed job', async () => (await target.rows()).get(kept)?.state === 'done');
      await sleep(200);
      assert.deepEqual(payloads, [{ keep: true }]);
      assert.deepEqual(
        [...(await target.rows()).values()].filter((r) => r.kind === 'tx').map((r) => r.id),
        [kept],
      );
      await q.stop();
    });

    it('refuses undeclared kinds, bad payloads, a second worker and bad options', async () => {
      const q = await queue(['check']);
      await rejectsWith(() => q.enqueue('other', {}), 'REGISTRY_JOB_INVALID');
      await rejectsWith(() => q.enqueue('Bad Kind', {}), 'REGISTRY_JOB_INVALID');
      await rejectsWith(
        () => q.enqueue('check', [] as unknown as Record<string, never>),
        'REGISTRY_JOB_INVALID',
      );
      await rejectsWith(
        () => q.enqueue('check', { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) }),
        'REGISTRY_JOB_INVALID',
      );
      await q.work('check', () => sleep(1));
      await rejectsWith(() => q.work('check', () => sleep(1)), 'REGISTRY_JOB_INVALID');
      await rejectsWith(() => queue(['check'], { maxAttempts: 0 }), 'REGISTRY_JOB_INVALID');
      await rejectsWith(() => queue(['check'], { leaseSeconds: 0.5 }), 'REGISTRY_JOB_INVALID');
      await rejectsWith(() => queue([]), 'REGISTRY_JOB_INVALID');
      const fresh = await queue(['conc']);
      await rejectsWith(
        () => fresh.work('conc', () => sleep(1), { concurrency: 0 }),
        'REGISTRY_JOB_INVALID',
      );
      await q.stop();
    });
  });
}
