// `npm run bench`: scan throughput on a generated corpus (>= 2 GB), reported as MB/s and files/s and as a
// ratio against simply reading every byte of the same corpus once, measured in the same run. No timing
// is asserted anywhere: the numbers are for people and for the closing notes of issues.
import { openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '@mlsec/scan';
import { ensureCorpus } from './corpus.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function allFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) allFiles(path, out);
    else if (!entry.name.startsWith('.complete')) out.push(path);
  }
  return out;
}

/** The baseline: read every byte of every file once, 1 MB at a time, in one thread. */
function plainRead(files: readonly string[]): number {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let total = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        total += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  return total;
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, (performance.now() - start) / 1000];
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const corpus = ensureCorpus(repo, log);
const files = allFiles(corpus.root);
const mb = corpus.bytes / 1e6;
log(
  `corpus: ${files.length} files, ${(corpus.bytes / 1e9).toFixed(2)} GB in ${relative(repo, corpus.root)}`,
);

plainRead(files); // warm the page cache so every measurement reads from memory
const RUNS = 3;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const readSeconds = median(Array.from({ length: RUNS }, () => timed(() => plainRead(files))[1]));

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const results: { jobs: number; seconds: number; findings: number; artifacts: number }[] = [];
for (const jobs of [1, 2]) {
  const seconds: number[] = [];
  let findings = 0;
  let artifacts = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const report = await scanPaths([relative(repo, corpus.root)], { cwd: repo, jobs });
    seconds.push((performance.now() - start) / 1000);
    findings = report.findings.length;
    artifacts = report.stats.artifacts;
  }
  results.push({ jobs, seconds: median(seconds), findings, artifacts });
}
clearInterval(sampler);

log('');
log(`medians of ${RUNS} runs each`);
log(
  `plain read (1 thread):   ${(mb / readSeconds).toFixed(0)} MB/s, ${(files.length / readSeconds).toFixed(0)} files/s (${readSeconds.toFixed(2)} s)`,
);
for (const r of results) {
  log(
    `mlsec scan (jobs=${r.jobs}):    ${(mb / r.seconds).toFixed(0)} MB/s, ${(files.length / r.seconds).toFixed(0)} files/s ` +
      `(${r.seconds.toFixed(2)} s, ${r.artifacts} artifacts, ${r.findings} findings); ` +
      `ratio to plain read: ${(readSeconds / r.seconds).toFixed(2)}x`,
  );
}
log(`peak RSS of the benchmark process: ${(peakRss / 1e6).toFixed(0)} MB`);
