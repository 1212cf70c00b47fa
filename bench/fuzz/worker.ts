import { parentPort, workerData } from 'node:worker_threads';
import { mutateJson } from './mutate-json.ts';
import { mutate, Prng } from './mutate.ts';
import { seedsFor, TARGETS } from './targets.ts';

/** Sent by run.ts: which target, how many inputs, the PRNG seed, and shared memory for the current input. */
export interface FuzzJob {
  readonly target: string;
  readonly count: number;
  readonly seed: number;
  /** The repository root: targets find or build their seeds there. */
  readonly repo: string;
  /** [length, ...bytes] of the input being run, so the parent can save it if this worker hangs. */
  readonly current: SharedArrayBuffer;
}

export interface FuzzProgress {
  readonly kind: 'progress' | 'done';
  readonly done: number;
  readonly failures: readonly { readonly input: number[]; readonly error: string }[];
  readonly slowest: number;
  readonly over1s: number;
  readonly peakRss: number;
  readonly seeds: number;
}

const job = workerData as FuzzJob;
const target = TARGETS.find((t) => t.name === job.target);
if (!target) throw new Error(`unknown fuzz target ${job.target}`);
const seeds = await seedsFor(target, job.repo);
if (seeds.length === 0) throw new Error(`no seeds for ${job.target}`);
const view = new Uint8Array(job.current);
const lengthView = new Int32Array(job.current, 0, 1);
const rng = new Prng(job.seed);
const failures: { input: number[]; error: string }[] = [];
let slowest = 0;
let over1s = 0;
let peakRss = 0;

for (let i = 0; i < job.count; i++) {
  const base = seeds[rng.below(seeds.length)] ?? new Uint8Array();
  const other = seeds[rng.below(seeds.length)] ?? new Uint8Array();
  // Every 50th input is a plain truncation of a seed; the rest are havoc mutations, half of them
  // structure-aware for JSON targets.
  const input =
    i % 50 === 0
      ? base.subarray(0, rng.below(base.length + 1))
      : target.json === true && i % 2 === 1
        ? mutateJson(base, rng, other)
        : mutate(base, rng, other, 512 * 1024);
  const len = Math.min(input.length, view.length - 4);
  lengthView[0] = len;
  view.set(input.subarray(0, len), 4);
  const start = performance.now();
  try {
    const issues = await target.run(input);
    if (!Array.isArray(issues)) throw new Error('parser returned no issues array');
  } catch (error) {
    if (failures.length < 20)
      failures.push({
        input: [...input.subarray(0, 4096)],
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
  }
  const elapsed = performance.now() - start;
  slowest = Math.max(slowest, elapsed);
  if (elapsed > 1000) over1s += 1;
  // Let the event loop turn now and then: node:zlib releases a failed stream's engine in a
  // nextTick/immediate callback, so a loop that never yields would look like a leak.
  if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  if (i % 2000 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    parentPort?.postMessage({
      kind: 'progress',
      done: i,
      failures,
      slowest,
      over1s,
      peakRss,
      seeds: seeds.length,
    } satisfies FuzzProgress);
  }
}
peakRss = Math.max(peakRss, process.memoryUsage().rss);
parentPort?.postMessage({
  kind: 'done',
  done: job.count,
  failures,
  slowest,
  over1s,
  peakRss,
  seeds: seeds.length,
} satisfies FuzzProgress);
