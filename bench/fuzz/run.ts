// `npm run fuzz [-- --count N] [-- --seed S] [-- target...]`: mutation fuzzing of the parsers that read
// hostile bytes. Each target runs in a worker thread (two at a time, for two cores) over inputs derived
// from the committed fixtures. A target fails if its parser throws, if one input takes over 1 s, or if its
// worker stops reporting for 30 s (a hang: the input being run is saved). Exit 1 on any failure.
// Targets: pickle zip safetensors gguf tar compression hdf5 onnx numpy (targets.ts), convert (the
// planners and tensor producers of mlsec convert, convert-target.ts), and for
// @mlsec/attest bundle-key bundle-certificate bundle-keyless trusted-root model-statement provenance
// (attest-targets.ts: JSON inputs, half of them mutated structurally by mutate-json.ts), and the text
// detectors: notebook-secrets tracking-secrets mlops-configs (text-targets.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startWorker } from '@mlsec/core';
import { TARGETS } from './targets.ts';
import type { FuzzJob, FuzzProgress } from './worker.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values, positionals } = parseArgs({
  options: { count: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } },
  allowPositionals: true,
});
const count = Number(values.count);
const seed = Number(values.seed);
const chosen = TARGETS.filter((t) => positionals.length === 0 || positionals.includes(t.name));
const crashes = join(repo, 'bench/fuzz/crashes');
const WATCHDOG_MS = 30_000;

interface Outcome {
  readonly target: string;
  readonly progress: FuzzProgress | undefined;
  readonly seconds: number;
  readonly hung: boolean;
  readonly error?: string;
}

function runTarget(name: string, index: number): Promise<Outcome> {
  const current = new SharedArrayBuffer(4 + 512 * 1024);
  const job: FuzzJob = {
    target: name,
    count,
    seed: seed + index * 7919,
    repo,
    current,
  };
  const url = new URL(
    import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
    import.meta.url,
  );
  const worker = startWorker(url, { workerData: job });
  const started = performance.now();
  return new Promise((done) => {
    let last: FuzzProgress | undefined;
    let timer = setTimeout(onHang, WATCHDOG_MS);
    function finish(outcome: Omit<Outcome, 'target' | 'seconds' | 'progress'>): void {
      clearTimeout(timer);
      void worker.terminate();
      done({
        target: name,
        progress: last,
        seconds: (performance.now() - started) / 1000,
        ...outcome,
      });
    }
    function onHang(): void {
      const length = new Int32Array(current, 0, 1)[0] ?? 0;
      mkdirSync(crashes, { recursive: true });
      writeFileSync(join(crashes, `${name}-hang.bin`), new Uint8Array(current, 4, length));
      finish({ hung: true });
    }
    worker.on('message', (p: FuzzProgress) => {
      last = p;
      clearTimeout(timer);
      timer = setTimeout(onHang, WATCHDOG_MS);
      if (p.kind === 'done') finish({ hung: false });
    });
    worker.on('error', (error) => finish({ hung: false, error: error.message }));
  });
}

const outcomes: Outcome[] = [];
const queue = chosen.map((t, i) => [t.name, i] as const);
await Promise.all(
  [0, 1].map(async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await runTarget(next[0], next[1]);
      outcomes.push(outcome);
      process.stdout.write(`${summary(outcome)}\n`);
    }
  }),
);

function summary(o: Outcome): string {
  const p = o.progress;
  if (!p) return `${o.target}: no progress (${o.error ?? 'worker failed to start'})`;
  return (
    `${o.target}: ${p.done} inputs from ${p.seeds} seeds in ${o.seconds.toFixed(1)} s, ` +
    `${p.failures.length} throws, slowest input ${p.slowest.toFixed(1)} ms, ${p.over1s} over 1 s, ` +
    `peak RSS ${(p.peakRss / 1e6).toFixed(0)} MB${o.hung ? ', HUNG (input saved)' : ''}${o.error ? `, error: ${o.error}` : ''}`
  );
}

let failed = false;
for (const o of outcomes) {
  const p = o.progress;
  if (!p || o.hung || o.error || p.failures.length > 0 || p.over1s > 0 || p.kind !== 'done')
    failed = true;
  for (const [i, f] of (p?.failures ?? []).entries()) {
    mkdirSync(crashes, { recursive: true });
    writeFileSync(join(crashes, `${o.target}-${i}.bin`), Uint8Array.from(f.input));
    process.stdout.write(
      `  ${o.target} throw #${i}: ${f.error.split('\n').slice(0, 3).join(' | ')}\n`,
    );
  }
}
process.stdout.write(
  failed ? 'fuzz: FAILED (inputs saved under bench/fuzz/crashes)\n' : 'fuzz: all targets passed\n',
);
process.exit(failed ? 1 : 0);
