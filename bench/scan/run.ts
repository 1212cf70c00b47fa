// `npm run bench`: scan throughput on a generated corpus (>= 2 GB), reported as MB/s and files/s and as a
// ratio against simply reading every byte of the same corpus once, measured in the same run. No timing
// is asserted anywhere: the numbers are for people and for the closing notes of issues.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '@mlsec/scan';
import { ensureCorpus } from './corpus.ts';
import { plainRead } from '../plain-read.ts';
import { median } from '../stats.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function allFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) allFiles(path, out);
    else if (!entry.name.startsWith('.complete')) out.push(path);
  }
  return out;
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

// The two halves of the corpus behave differently: large model files are scanned from their headers
// and central directories (tensor bytes are never read), small files are parsed whole.
const large = files.filter((file) => !file.includes('/hub/'));
const small = files.filter((file) => file.includes('/hub/'));
const parts: { name: string; files: string[]; targets: string[] }[] = [
  { name: 'large model files', files: large, targets: large.map((f) => relative(repo, f)) },
  { name: 'small-file HF tree', files: small, targets: [relative(repo, join(corpus.root, 'hub'))] },
];
const partResults: { name: string; files: number; mb: number; read: number; scan: number }[] = [];
for (const part of parts) {
  const partMb = part.files.reduce((sum, f) => sum + statSync(f).size, 0) / 1e6;
  const read = median(Array.from({ length: RUNS }, () => timed(() => plainRead(part.files))[1]));
  const scanTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await scanPaths(part.targets, { cwd: repo, jobs: 1 });
    scanTimes.push((performance.now() - start) / 1000);
  }
  partResults.push({
    name: part.name,
    files: part.files.length,
    mb: partMb,
    read,
    scan: median(scanTimes),
  });
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
for (const p of partResults) {
  log(
    `${p.name} (${p.files} files, ${p.mb.toFixed(0)} MB), jobs=1: scan ${(p.mb / p.scan).toFixed(0)} MB/s, ` +
      `${(p.files / p.scan).toFixed(0)} files/s vs plain read ${(p.mb / p.read).toFixed(0)} MB/s: ratio ${(p.read / p.scan).toFixed(2)}x`,
  );
}
log(`peak RSS of the benchmark process: ${(peakRss / 1e6).toFixed(0)} MB`);
