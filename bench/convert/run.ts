// `npm run bench:convert`: throughput of convertFile (what `mlsec convert` runs) on a generated 2.2 GB
// PyTorch zip checkpoint, against `cp` of the same file in the same run (issue 5, item 6). Medians of
// 3 interleaved runs, warm page cache; outputs are deleted after each run and `sync` runs (untimed)
// before each measurement. Each conversion runs in a
// child process so its peak RSS (getrusage maxRSS) is its own, and is reported beside a baseline child
// that loads the same modules and converts nothing. No timing is asserted anywhere.
import { spawnSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainRead } from '../plain-read.ts';
import { ensureConvertCheckpoint } from './checkpoint.ts';
import { ITEM_BYTES } from './state-dict-pickle.ts';
import { median } from '../stats.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RUNS = 3;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

const checkpoint = ensureConvertCheckpoint(repo, log);
const input = checkpoint.path;
const output = join(repo, 'bench/convert-corpus/out.safetensors');
const copy = join(repo, 'bench/convert-corpus/copy.bin');
const mb = checkpoint.bytes / 1e6;
const largest = Math.max(
  ...checkpoint.spec.tensors.map((t) => t.storage.numel * ITEM_BYTES[t.storage.dtype]),
);
log(
  `checkpoint: ${relative(repo, input)}, ${(mb / 1000).toFixed(2)} GB, ` +
    `${checkpoint.spec.tensors.length} tensors (largest ${(largest / 1e6).toFixed(1)} MB)`,
);

interface Measured {
  seconds: number;
  maxRssBytes: number;
  written: number;
  verified: number;
  outputBytes: number;
}

/** One convertFile (or baseline) in a child process; the child times the call itself. */
function child(mode: 'baseline' | 'convert' | 'verify'): Measured {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repo, 'bench/convert/measure.ts'), mode, input, output],
    { encoding: 'utf8', cwd: repo },
  );
  if (r.status !== 0) throw new Error(`measure.ts ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measured;
}

interface Case {
  readonly name: string;
  readonly times: number[];
  readonly rss: number[];
  readonly run: () => { seconds: number; rss?: number };
  last?: Measured;
}

const cases: Case[] = [];
const add = (name: string, run: Case['run']): Case => {
  const c: Case = { name, times: [], rss: [], run };
  cases.push(c);
  return c;
};
const cp = add('cp (coreutils)', () => {
  const start = performance.now();
  const r = spawnSync('cp', [input, copy]);
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`cp failed: ${r.stderr.toString()}`);
  rmSync(copy, { force: true });
  return { seconds };
});
// convertFile fsyncs its output before renaming it into place; this row pays for the same durability.
add('cp, then sync FILE (flushed to disk, as convertFile does)', () => {
  const start = performance.now();
  const r = spawnSync('cp', [input, copy]);
  const s = spawnSync('sync', [copy]);
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0 || s.status !== 0) throw new Error('cp or sync failed');
  rmSync(copy, { force: true });
  return { seconds };
});
add('plain read, 1 MiB at a time (information)', () => {
  const start = performance.now();
  plainRead([input]);
  return { seconds: (performance.now() - start) / 1000 };
});
const convertCase = (name: string, mode: 'convert' | 'verify'): Case => {
  const c: Case = add(name, () => {
    c.last = child(mode);
    rmSync(output, { force: true });
    return { seconds: c.last.seconds, rss: c.last.maxRssBytes };
  });
  return c;
};
const convert = convertCase('convertFile(input, output)', 'convert');
const verify = convertCase('convertFile(input, output, { verify: true })', 'verify');

log('warming the page cache …');
plainRead([input]);
plainRead([input]);
const baseline = child('baseline').maxRssBytes;
for (let round = 1; round <= RUNS; round++) {
  log(`round ${round} of ${RUNS}:`);
  for (const c of cases) {
    // Dirty pages of the previous case's output would otherwise slow whichever case comes next.
    spawnSync('sync');
    const { seconds, rss } = c.run();
    c.times.push(seconds);
    if (rss !== undefined) c.rss.push(rss);
    log(`  ${c.name}: ${(mb / seconds).toFixed(0)} MB/s`);
  }
}

const rows = cases.map((c) => {
  const seconds = median(c.times);
  const peak = c.rss.length > 0 ? Math.max(...c.rss) : undefined;
  return {
    name: c.name,
    seconds,
    mbPerSecond: mb / seconds,
    ofCp: median(cp.times) / seconds,
    runs: c.times.length,
    ...(peak === undefined
      ? {}
      : { peakRssMb: peak / 1e6, overBaselineMb: (peak - baseline) / 1e6 }),
  };
});
log('');
log(`medians of ${RUNS} interleaved runs, warm page cache, ${(mb / 1000).toFixed(2)} GB input:`);
log('| what | MB/s (input) | x cp | seconds | peak RSS MB (over baseline) |');
log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  const rss =
    r.peakRssMb === undefined
      ? ''
      : `${r.peakRssMb.toFixed(0)} (+${(r.overBaselineMb ?? 0).toFixed(0)})`;
  log(
    `| ${r.name} | ${r.mbPerSecond.toFixed(0)} | ${r.ofCp.toFixed(2)} | ${r.seconds.toFixed(2)} | ${rss} |`,
  );
}
log('');
log(
  `baseline child (node + tsx + @mlsec/scan, no conversion): ${(baseline / 1e6).toFixed(0)} MB RSS; ` +
    `largest tensor ${(largest / 1e6).toFixed(1)} MB`,
);
log(
  `output: ${convert.last?.written ?? 0} tensors, ${((convert.last?.outputBytes ?? 0) / 1e9).toFixed(2)} GB; ` +
    `verify compared ${verify.last?.verified ?? 0} tensors`,
);

writeFileSync(
  join(repo, 'bench/convert/results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
      checkpoint: {
        bytes: checkpoint.bytes,
        tensors: checkpoint.spec.tensors.length,
        largestTensorBytes: largest,
      },
      runs: RUNS,
      baselineRssMb: baseline / 1e6,
      rows,
      outputBytes: convert.last?.outputBytes ?? 0,
      verifiedTensors: verify.last?.verified ?? 0,
      inputSize: statSync(input).size,
    },
    null,
    2,
  )}\n`,
);
log('results written to bench/convert/results.json');
