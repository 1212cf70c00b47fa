// `npm run bench:secrets`: secrets-scan throughput on a generated corpus of ML-repository text (>= 1 GB
// by default: Python training scripts, YAML configs, shell launchers, training logs and nbformat v4
// notebooks with stream, table, image and error outputs), with fake secrets planted in code, configs,
// logs, notebook sources and notebook outputs (issue 4 item 7). See bench/secrets/README.md.
//
// Measured in the same run, medians of RUNS runs on a warm page cache: a plain read of every byte of the
// same files (1 thread, and N worker threads each reading its share), then `scanPaths(..., { only:
// ['secrets'] })` at jobs=1 and jobs=N, as MB/s, files/s, the ratio to the plain read at the same
// concurrency, and peak RSS. The bench fails (exit 1) when a planted secret is not reported: a benchmark
// that finds nothing measures nothing. No timing is asserted anywhere.
//
// Environment: MLSEC_BENCH_SECRETS_MB (corpus size in MB, default 1100), MLSEC_BENCH_RUNS (default 3),
// MLSEC_BENCH_JOBS (the N above, default max(2, availableParallelism())).
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fingerprintSecret, scanPaths } from '@mlsec/scan';
import type { ScanReport } from '@mlsec/scan';
import { ensureSecretsCorpus } from './corpus.ts';
import { plainRead } from '../plain-read.ts';
import { median } from '../stats.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const TARGET_MB = envNumber('MLSEC_BENCH_SECRETS_MB', 1100);
const RUNS = envNumber('MLSEC_BENCH_RUNS', 3);
const JOBS = envNumber('MLSEC_BENCH_JOBS', Math.max(2, availableParallelism()));
const SALT = 'mlsec-bench-secrets';

const corpus = ensureSecretsCorpus(
  join(repo, `bench/secrets-corpus/${TARGET_MB}mb`),
  TARGET_MB * 1e6,
  log,
);
const mb = corpus.bytes / 1e6;
const target = relative(repo, corpus.root);
log(
  `corpus: ${corpus.files.length} files, ${(corpus.bytes / 1e9).toFixed(2)} GB in ${target}; ` +
    `${corpus.plants.length} planted secrets; ${availableParallelism()} CPUs`,
);

// The same loop in a worker (plain CommonJS: nothing of ours to load), for the N-thread baseline.
const READ_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1024 * 1024);
let total = 0;
for (const file of workerData) {
  const fd = openSync(file, 'r');
  try { for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) total += n; }
  finally { closeSync(fd); }
}
parentPort.postMessage(total);
`;

/** Plain read on `threads` worker threads, files dealt round-robin (they are of mixed sizes). */
async function parallelRead(files: readonly string[], threads: number): Promise<number> {
  const shares = Array.from({ length: threads }, (_, t) =>
    files.filter((_, i) => i % threads === t),
  );
  const totals = await Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((done, fail) => {
          const worker = new Worker(READ_WORKER, { eval: true, workerData: share });
          worker.once('message', (total: number) => done(total));
          worker.once('error', fail);
        }),
    ),
  );
  return totals.reduce((a, b) => a + b, 0);
}

async function timedRuns(fn: () => Promise<unknown>): Promise<number> {
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await fn();
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}

/** Which planted secrets the report names at their file, by salted hash (the report never holds them). */
function plantedFound(report: ScanReport): number {
  const hashes = new Set(
    report.findings.map((f) => `${f.location.path}\0${String(f.evidence?.['secretHash'] ?? '')}`),
  );
  let found = 0;
  for (const plant of corpus.plants) {
    const key = `${relative(repo, join(corpus.root, plant.path))}\0hmac-sha256:${fingerprintSecret(plant.secret, SALT)}`;
    if (hashes.has(key)) found++;
    else log(`  MISSED: ${plant.where} in ${plant.path}`);
  }
  return found;
}

plainRead(corpus.files); // warm the page cache so every measurement reads from memory
const read1 = await timedRuns(() => Promise.resolve(plainRead(corpus.files)));
const readN = await timedRuns(() => parallelRead(corpus.files, JOBS));

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const scans: { jobs: number; seconds: number; findings: number; found: number; rss: number }[] = [];
for (const jobs of [1, JOBS]) {
  peakRss = process.memoryUsage().rss;
  let report: ScanReport | undefined;
  const seconds = await timedRuns(async () => {
    report = await scanPaths([target], {
      cwd: repo,
      jobs,
      only: ['secrets'],
      settings: { secrets: { salt: SALT } },
    });
  });
  const r = report!;
  const secretFindings = r.findings.filter((f) => f.ruleId.startsWith('secrets/')).length;
  scans.push({ jobs, seconds, findings: secretFindings, found: plantedFound(r), rss: peakRss });
}
clearInterval(sampler);

const rate = (seconds: number): string =>
  `${(mb / seconds).toFixed(0)} MB/s, ${(corpus.files.length / seconds).toFixed(0)} files/s (${seconds.toFixed(2)} s)`;
log('');
log(`medians of ${RUNS} runs each; corpus ${mb.toFixed(0)} MB, ${corpus.files.length} files`);
log(`plain read (1 thread):    ${rate(read1)}`);
log(`plain read (${JOBS} threads):   ${rate(readN)}`);
for (const s of scans) {
  const base = s.jobs === 1 ? read1 : readN;
  log(
    `secrets scan (jobs=${s.jobs}):   ${rate(s.seconds)}; ${(base / s.seconds).toFixed(3)}x the plain read at the ` +
      `same concurrency (${(s.seconds / base).toFixed(0)} times slower); ${s.findings} findings, ` +
      `${s.found}/${corpus.plants.length} planted secrets found; peak RSS ${(s.rss / 1e6).toFixed(0)} MB`,
  );
}
if (scans.some((s) => s.found < corpus.plants.length)) {
  log('FAILED: some planted secrets were not reported (see MISSED above)');
  process.exitCode = 1;
}
