// `npm run bench:registry`: push and pull a generated 2.2 GB model folder through the registry
// (`mlsec registry push` / `pull`, what a user runs) against `cp -r` of the same folder in the same
// run (issue 6, item 10). The registry is freshly initialised in bench/registry-corpus/ and served
// by a child process whose resident set (with any children) is sampled every 100 ms. Medians of 3
// interleaved rounds, warm page cache, `sync` (untimed) before each measurement. Each round pushes:
//   - content new to the registry (16 bytes of the tensor are rewritten per round) to a new namespace,
//     so the blob is uploaded and stored (the first push of that content);
//   - the same content as a new version of another model's namespace: the registry holds the blob
//     already (it answers 200, not 201), though push still streams it (the CLI does not ask first);
// then times the wait until the server-side checks (an artifact scan) make the version ready, and
// pulls it into a fresh folder (every SHA-256 checked). No timing is asserted anywhere.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainRead } from '../plain-read.ts';
import { ensureTransferModel, markRound } from './transfer-corpus.ts';
import {
  mlsec,
  publisherToken,
  RssSampler,
  startBenchRegistry,
  waitChecked,
} from './transfer-server.ts';
import { median } from '../stats.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const corpus = join(repo, 'bench/registry-corpus');
const RUNS = 3;
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const mbOf = (bytes: number): string => (bytes / 1e6).toFixed(0);

const model = ensureTransferModel(repo, log);
const mb = model.bytes / 1e6;
log(
  `model: ${relative(repo, model.dir)}, ${(mb / 1000).toFixed(2)} GB in ${model.files.length} files`,
);

// A fresh registry each run, so the first upload really is the first.
rmSync(join(corpus, 'registry'), { recursive: true, force: true });
rmSync(join(corpus, 'cfg'), { recursive: true, force: true });
const registry = await startBenchRegistry(repo, corpus);
const pid = registry.child.pid ?? 0;
const rss = new RssSampler(pid);
log(`registry: ${registry.url}, pid ${pid} (log: ${relative(repo, join(corpus, 'serve.log'))})`);

const MODEL = 'bench-model';
const stamp = Date.now().toString(36);
const warm = 'warm';
const warmToken = await publisherToken(repo, registry, warm);
const copy = join(corpus, 'copy');
const pulled = join(corpus, 'pulled');

interface Row {
  readonly name: string;
  readonly times: number[];
  readonly note: string;
}
const rows: Row[] = [];
const row = (name: string, note = ''): Row => {
  const r: Row = { name, times: [], note };
  rows.push(r);
  return r;
};
const cp = row('cp -r (coreutils)');
// The registry fsyncs every stored blob; this row pays for the same durability.
const cpSync = row('cp -r, then sync (flushed to disk, as the blob store does)');
const pushNew = row(
  'mlsec registry push (blob new: hash + upload + register)',
  'first push of the content',
);
const checksNew = row('  wait until ready (server-side checks)', 'after the uploading push');
const pushDedup = row(
  'mlsec registry push (same blobs, already stored: answered 200)',
  'the CLI streams present blobs too',
);
const checksDedup = row('  wait until ready (server-side checks)', 'after the dedup push');
const pull = row('mlsec registry pull (download + SHA-256 check)');
const messages = new Set<string>();

/** Time one step with `sync` before it and its RSS samples under `phase`. */
async function measure(r: Row, phase: string, step: () => Promise<number>): Promise<void> {
  spawnSync('sync');
  rss.phase(phase);
  const seconds = await step();
  rss.phase('idle');
  r.times.push(seconds);
  log(`  ${r.name.trim()}: ${(mb / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s)`);
}

const timed = async (run: () => unknown): Promise<number> => {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
};

log('warming the page cache …');
plainRead(model.files);
plainRead(model.files);
await new Promise((r) => setTimeout(r, 1000));
const baselineRss = rss.sample();
log(`registry idle RSS: ${mbOf(baselineRss)} MB`);

try {
  for (let round = 1; round <= RUNS; round++) {
    log(`round ${round} of ${RUNS}:`);
    await measure(cp, 'cp', () =>
      timed(() => {
        const r = spawnSync('cp', ['-r', model.dir, copy]);
        if (r.status !== 0) throw new Error(`cp failed: ${r.stderr.toString()}`);
      }),
    );
    rmSync(copy, { recursive: true, force: true });
    await measure(cpSync, 'cp', () =>
      timed(() => {
        const r = spawnSync('cp', ['-r', model.dir, copy]);
        const f = spawnSync('sync', ['-f', copy]);
        if (r.status !== 0 || f.status !== 0) throw new Error('cp or sync failed');
      }),
    );
    rmSync(copy, { recursive: true, force: true });

    // New content each round (16 bytes of the tensor rewritten), pushed to a new namespace: a real upload.
    markRound(model, `${stamp}-${round}`);
    const fresh = `bench-${stamp}-${round}`;
    const freshToken = await publisherToken(repo, registry, fresh);
    const freshRef = { namespace: fresh, model: MODEL, version: '1' };
    await measure(pushNew, 'push (upload)', async () => {
      const r = await mlsec(
        repo,
        ['registry', 'push', `${fresh}/${MODEL}@1`, model.dir, '--json', '-q'],
        {
          ...registry.env,
          MLSEC_REGISTRY_TOKEN: freshToken,
        },
      );
      const pushed = JSON.parse(r.out) as { blobsUploaded: number };
      if (pushed.blobsUploaded < 1) throw new Error(`expected an upload, got ${r.out}`);
      return r.seconds;
    });
    await measure(checksNew, 'checks', () =>
      timed(async () => {
        const v = await waitChecked(registry, freshToken, freshRef);
        if (v.status !== 'ready')
          throw new Error(`${fresh}/${MODEL}@1 is ${v.status}: ${v.statusMessage}`);
        messages.add(v.statusMessage ?? '');
      }),
    );

    // A new version in a namespace that already holds the blob: hashed locally, not uploaded.
    const version = `${stamp}-${round}`;
    await measure(pushDedup, 'push (dedup)', async () => {
      const r = await mlsec(
        repo,
        ['registry', 'push', `${warm}/${MODEL}@${version}`, model.dir, '--json', '-q'],
        {
          ...registry.env,
          MLSEC_REGISTRY_TOKEN: warmToken,
        },
      );
      const pushed = JSON.parse(r.out) as { blobsUploaded: number; blobsPresent: number };
      if (pushed.blobsUploaded !== 0) throw new Error(`expected the blobs present, got ${r.out}`);
      return r.seconds;
    });
    await measure(checksDedup, 'checks', () =>
      timed(async () => {
        const v = await waitChecked(registry, warmToken, {
          namespace: warm,
          model: MODEL,
          version,
        });
        if (v.status !== 'ready') throw new Error(`${warm}/${MODEL}@${version} is ${v.status}`);
      }),
    );

    rmSync(pulled, { recursive: true, force: true });
    await measure(pull, 'pull', async () => {
      const r = await mlsec(repo, ['registry', 'pull', `${fresh}/${MODEL}@1`, pulled, '-q'], {
        ...registry.env,
        MLSEC_REGISTRY_TOKEN: freshToken,
      });
      return r.seconds;
    });
    rmSync(pulled, { recursive: true, force: true });
  }
} finally {
  rss.stop();
  registry.child.kill('SIGTERM');
  await new Promise((r) => registry.child.once('close', r));
}

const cpSeconds = median(cp.times);
const results = rows.map((r) => {
  const seconds = median(r.times);
  return {
    name: r.name.trim(),
    note: r.note,
    seconds,
    mbPerSecond: mb / seconds,
    ofCp: cpSeconds / seconds,
    runs: r.times.length,
    times: r.times,
  };
});
const peaks = Object.fromEntries([...rss.peaks].map(([k, v]) => [k, v / 1e6]));
const peakRss = Math.max(...rss.peaks.values());

log('');
log(`medians of ${RUNS} interleaved rounds, warm page cache, ${(mb / 1000).toFixed(2)} GB folder:`);
log('| what | MB/s | x cp | seconds | runs |');
log('|---|---:|---:|---:|---:|');
for (const r of results) {
  log(
    `| ${r.name} | ${r.mbPerSecond.toFixed(0)} | ${r.ofCp.toFixed(2)} | ${r.seconds.toFixed(2)} | ${r.runs} |`,
  );
}
log('');
log(
  `registry server RSS (process tree): idle ${mbOf(baselineRss)} MB, peak ${mbOf(peakRss)} MB; per phase: ` +
    [...rss.peaks].map(([k, v]) => `${k} ${mbOf(v)}`).join(', '),
);
log(`server-side checks said: ${[...messages].join(' | ')}`);

mkdirSync(join(repo, 'bench/registry'), { recursive: true });
writeFileSync(
  join(repo, 'bench/registry/results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
      model: { bytes: model.bytes, files: model.files.map((f) => relative(model.dir, f)) },
      runs: RUNS,
      rows: results,
      serverRssMb: { idle: baselineRss / 1e6, peak: peakRss / 1e6, peaks },
      checks: [...messages],
      rssSamples: rss.samples,
    },
    null,
    2,
  )}\n`,
);
log('results written to bench/registry/results.json');
