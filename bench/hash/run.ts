// `npm run bench:hash`: model-manifest hashing throughput on a generated model folder (>= 4 GB: four
// 1 GiB shards and 2,000 small files), against `openssl dgst -sha256` over the same files in the same
// run, one process and then two (`xargs -P 2`). OpenSSL uses the CPU's SHA instructions, so two-core
// OpenSSL is the practical limit (issue 3 item 7; notes §5.3). Medians of 3 runs, warm page cache. No
// timing is asserted anywhere: the numbers are for people and for the closing notes of issues.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest, subjectDigest } from '@mlsec/attest';
import type { BuildManifestOptions, Manifest } from '@mlsec/attest';
import { ensureHashModel } from './model.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RUNS = 3;
const MIB = 1024 * 1024;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

const model = ensureHashModel(repo, log);
const gb = model.bytes / 1e9;
log(`model: ${model.files.length} files, ${gb.toFixed(2)} GB in ${relative(repo, model.root)}`);

/** Read every byte once so that every measurement reads from the page cache. */
function warm(): void {
  const buf = Buffer.allocUnsafe(8 * MIB);
  for (const file of model.files) {
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buf, 0, buf.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

// The list given to xargs: the large shards one per batch of 64, so that `xargs -P 2` can spread them
// over both processes (with all four in one batch, one process would hash 4 GiB alone).
const big = model.files.filter((_, i) => i < 4);
const small = model.files.filter((_, i) => i >= 4);
const xargsList: string[] = [];
for (let i = 0; xargsList.length < model.files.length; i++) {
  if (i < big.length) xargsList.push(big[i] ?? '');
  xargsList.push(...small.splice(0, 63));
}

function xargs(parallel: number, command: readonly string[]): { seconds: number; out: string } {
  const start = performance.now();
  const r = spawnSync('xargs', ['-0', '-P', String(parallel), '-n', '64', ...command], {
    input: xargsList.join('\0'),
    maxBuffer: 64 * MIB,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`xargs ${command.join(' ')} failed: ${r.stderr}`);
  return { seconds, out: r.stdout };
}

interface Row {
  readonly name: string;
  readonly seconds: number;
  readonly gbPerSecond: number;
  readonly filesPerSecond: number;
  readonly peakRssMb?: number;
}
const rows: Row[] = [];
const row = (name: string, times: readonly number[], peakRss?: number): Row => {
  const seconds = median(times);
  const r: Row = {
    name,
    seconds,
    gbPerSecond: gb / seconds,
    filesPerSecond: model.files.length / seconds,
    ...(peakRss === undefined ? {} : { peakRssMb: Math.round(peakRss / 1e6) }),
  };
  rows.push(r);
  log(`  ${name}: ${r.gbPerSecond.toFixed(2)} GB/s (${seconds.toFixed(2)} s)`);
  return r;
};

async function node(
  name: string,
  options: BuildManifestOptions,
): Promise<{ row: Row; manifest: Manifest }> {
  const times: number[] = [];
  let manifest: Manifest | undefined;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    manifest = await buildManifest(model.root, options);
    times.push((performance.now() - start) / 1000);
  }
  clearInterval(sampler);
  if (manifest === undefined) throw new Error('no runs');
  return { row: row(name, times, peak), manifest };
}

log('warming the page cache …');
warm();
warm();
log(`medians of ${RUNS} runs each:`);

const workers = availableParallelism();
const inProcess = await node('buildManifest in-process (workers: 0)', { mode: 'file', workers: 0 });
const pools: { buffer: number; row: Row; manifest: Manifest }[] = [];
for (const buffer of [1, 4, 8]) {
  const r = await node(`buildManifest, ${workers} workers, ${buffer} MiB buffers`, {
    mode: 'file',
    readBufferBytes: buffer * MIB,
  });
  pools.push({ buffer, ...r });
}
const shards = await node(`buildManifest, ${workers} workers, 1 GB shards`, {
  mode: { shardSize: 1_000_000_000 },
});

const opensslOne = Array.from({ length: RUNS }, () => xargs(1, ['openssl', 'dgst', '-sha256']));
const openssl1 = row(
  'openssl dgst -sha256, 1 process (xargs -n 64)',
  opensslOne.map((r) => r.seconds),
);
const opensslTwo = Array.from({ length: RUNS }, () => xargs(2, ['openssl', 'dgst', '-sha256']));
const openssl2 = row(
  'openssl dgst -sha256, 2 processes (xargs -P 2 -n 64)',
  opensslTwo.map((r) => r.seconds),
);
row(
  'coreutils sha256sum, 2 processes (information only)',
  Array.from({ length: RUNS }, () => xargs(2, ['sha256sum']).seconds),
);

// Every digest must agree: in-process, every pool run, and OpenSSL's output for every file.
const expected = subjectDigest(inProcess.manifest);
for (const p of pools) {
  if (subjectDigest(p.manifest) !== expected) throw new Error(`pool (${p.buffer} MiB) differs`);
}
const byName = new Map(inProcess.manifest.resources.map((r) => [r.name, r.digest]));
let checked = 0;
for (const line of opensslTwo[0]?.out.split('\n') ?? []) {
  const m = /^SHA2-256\((.*)\)= ([0-9a-f]{64})$/.exec(line);
  if (!m) continue;
  const name = relative(model.root, m[1] ?? '')
    .split('\\')
    .join('/');
  if (byName.get(name) !== m[2]) throw new Error(`openssl and buildManifest disagree on ${name}`);
  checked++;
}
if (checked !== model.files.length)
  throw new Error(`openssl listed ${checked} of ${model.files.length} files`);

const best = pools.reduce((a, b) => (b.row.seconds < a.row.seconds ? b : a));
const ratio = openssl2.seconds / best.row.seconds;
log('');
log('| what | GB/s | files/s | seconds | peak RSS |');
log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  const rss = r.peakRssMb === undefined ? '' : `${r.peakRssMb} MB`;
  log(
    `| ${r.name} | ${r.gbPerSecond.toFixed(2)} | ${r.filesPerSecond.toFixed(0)} | ${r.seconds.toFixed(2)} | ${rss} |`,
  );
}
log('');
log(
  `best pool (${best.buffer} MiB buffers) vs two-process OpenSSL: ${ratio.toFixed(2)}x ` +
    `(target >= 0.90x); vs one-process OpenSSL: ${(openssl1.seconds / best.row.seconds).toFixed(2)}x; ` +
    `in-process vs pool: ${(best.row.seconds / inProcess.row.seconds).toFixed(2)}x`,
);
log(
  `all digests agree: in-process, every pool run, 1 GB shards ran (${shards.manifest.resources.length} shards), openssl on ${checked} files`,
);

const opensslVersion = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim();
writeFileSync(
  join(repo, 'bench/hash/results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? '',
        node: process.version,
        openssl: opensslVersion,
      },
      model: { files: model.files.length, bytes: model.bytes },
      runs: RUNS,
      rows,
      bestPoolBufferMiB: best.buffer,
      ratioToTwoProcessOpenssl: ratio,
      subjectDigest: expected,
    },
    null,
    2,
  )}\n`,
);
log('results written to bench/hash/results.json');
