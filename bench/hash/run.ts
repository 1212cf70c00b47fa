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
import { median } from '../stats.ts';

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
  readonly runs: number;
}

/** One thing to measure; `manifest` keeps the last manifest a buildManifest case produced. */
interface Case {
  readonly name: string;
  readonly times: number[];
  readonly run: () => Promise<void>;
  manifest?: Manifest;
  out?: string;
}

const workers = availableParallelism();
const cases: Case[] = [];
const nodeCase = (name: string, options: BuildManifestOptions): Case => {
  const c: Case = {
    name,
    times: [],
    run: async () => {
      c.manifest = await buildManifest(model.root, options);
    },
  };
  cases.push(c);
  return c;
};
const xargsCase = (name: string, parallel: number, command: readonly string[]): Case => {
  const c: Case = {
    name,
    times: [],
    run: () => {
      c.out = xargs(parallel, command).out;
      return Promise.resolve();
    },
  };
  cases.push(c);
  return c;
};

const inProcess = nodeCase('buildManifest in-process (workers: 0, default buffers)', {
  mode: 'file',
  workers: 0,
});
const BUFFERS_KIB = [256, 512, 1024, 8192];
const pools = BUFFERS_KIB.map((kib) => ({
  kib,
  c: nodeCase(`buildManifest, ${workers} workers, ${kib} KiB buffers`, {
    mode: 'file',
    readBufferBytes: kib * 1024,
  }),
}));
const shards = nodeCase(`buildManifest, ${workers} workers, default buffers, 1 GB shards`, {
  mode: { shardSize: 1_000_000_000 },
});
const openssl1 = xargsCase('openssl dgst -sha256, 1 process (xargs -n 64)', 1, [
  'openssl',
  'dgst',
  '-sha256',
]);
const openssl2 = xargsCase('openssl dgst -sha256, 2 processes (xargs -P 2 -n 64)', 2, [
  'openssl',
  'dgst',
  '-sha256',
]);

log('warming the page cache …');
warm();
warm();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
// Rounds interleave the cases, so that load from elsewhere on the machine falls on all of them alike.
for (let round = 1; round <= RUNS; round++) {
  log(`round ${round} of ${RUNS}:`);
  for (const c of cases) {
    const start = performance.now();
    await c.run();
    c.times.push((performance.now() - start) / 1000);
    log(`  ${c.name}: ${(gb / (c.times.at(-1) ?? 1)).toFixed(2)} GB/s`);
  }
}
clearInterval(sampler);
const info = { name: 'coreutils sha256sum, 2 processes (information only, 1 run)', times: [0] };
info.times[0] = xargs(2, ['sha256sum']).seconds;

const rows: Row[] = [...cases, info].map((c) => {
  const seconds = median(c.times);
  return {
    name: c.name,
    seconds,
    gbPerSecond: gb / seconds,
    filesPerSecond: model.files.length / seconds,
    runs: c.times.length,
  };
});
const seconds = (c: Case): number => median(c.times);

// Every digest must agree: in-process, every pool run, and OpenSSL's output for every file.
const expected = subjectDigest(inProcess.manifest ?? { resources: [] });
for (const p of pools) {
  if (subjectDigest(p.c.manifest ?? { resources: [] }) !== expected) {
    throw new Error(`pool (${p.kib} KiB) differs`);
  }
}
const byName = new Map((inProcess.manifest?.resources ?? []).map((r) => [r.name, r.digest]));
let checked = 0;
for (const line of openssl1.out?.split('\n') ?? []) {
  const m = /^SHA2-256\((.*)\)= ([0-9a-f]{64})$/.exec(line);
  if (!m) continue;
  const name = relative(model.root, m[1] ?? '');
  if (byName.get(name) !== m[2]) throw new Error(`openssl and buildManifest disagree on ${name}`);
  checked++;
}
if (checked !== model.files.length) {
  throw new Error(`openssl listed ${checked} of ${model.files.length} files`);
}

const best = pools.reduce((a, b) => (seconds(b.c) < seconds(a.c) ? b : a));
const ratio = seconds(openssl2) / seconds(best.c);
log('');
log(
  `medians of ${RUNS} interleaved runs, warm page cache, ${model.files.length} files, ${gb.toFixed(2)} GB:`,
);
log('| what | GB/s | files/s | seconds |');
log('|---|---:|---:|---:|');
for (const r of rows) {
  log(
    `| ${r.name} | ${r.gbPerSecond.toFixed(2)} | ${r.filesPerSecond.toFixed(0)} | ${r.seconds.toFixed(2)} |`,
  );
}
log('');
log(
  `best pool (${best.kib} KiB buffers) vs two-process OpenSSL: ${ratio.toFixed(2)}x (target >= 0.90x); ` +
    `vs one-process OpenSSL: ${(seconds(openssl1) / seconds(best.c)).toFixed(2)}x; ` +
    `in-process: ${(seconds(openssl2) / seconds(inProcess)).toFixed(2)}x two-process OpenSSL`,
);
log(
  `peak RSS of the benchmark process (main thread and workers): ${(peakRss / 1e6).toFixed(0)} MB`,
);
log(
  `digests agree: in-process and every pool run (subject ${expected.slice(0, 16)}…), openssl on ` +
    `${checked} files; 1 GB shards gave ${shards.manifest?.resources.length ?? 0} shards`,
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
      bestPoolBufferKiB: best.kib,
      peakRssMb: Math.round(peakRss / 1e6),
      ratioToTwoProcessOpenssl: ratio,
      subjectDigest: expected,
    },
    null,
    2,
  )}\n`,
);
log('results written to bench/hash/results.json');
