// `node --import tsx bench/registry/transfer-profile.ts`: where a push and a pull of the transfer
// bench's model spend their time. One push (new content), the wait for the checks, and one pull, with
// V8's CPU profiler on the registry server and on both CLI processes; prints each process's
// self time by function (top rows) and its idle share (waiting on I/O or the other side).
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTransferModel, markRound } from './transfer-corpus.ts';
import { mlsec, publisherToken, startBenchRegistry, waitChecked } from './transfer-server.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const corpus = join(repo, 'bench/registry-corpus');
const prof = join(corpus, 'profile');
const log = (line: string): void => void process.stdout.write(`${line}\n`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function of the one .cpuprofile in `dir`, largest first. */
function summarise(dir: string, top = 12): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) return log(`  (no profile in ${dir})`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const where = frame?.url.replace(/^.*\/(node_modules|apps|packages)\//, '$1/') ?? '';
    const key = `${frame?.functionName || '(anonymous)'} ${where}:${(frame?.lineNumber ?? 0) + 1}`;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    self.set(key, (self.get(key) ?? 0) + us);
  });
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    log(
      `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(6)} s  ${key}`,
    );
  }
}

const model = ensureTransferModel(repo, log);
rmSync(prof, { recursive: true, force: true });
rmSync(join(corpus, 'registry'), { recursive: true, force: true });
rmSync(join(corpus, 'cfg'), { recursive: true, force: true });
const dirs = Object.fromEntries(
  ['server', 'push', 'pull'].map((k) => {
    mkdirSync(join(prof, k), { recursive: true });
    return [k, join(prof, k)];
  }),
) as Record<'server' | 'push' | 'pull', string>;
const cpuProf = (dir: string): string[] => ['--cpu-prof', `--cpu-prof-dir=${dir}`];
const registry = await startBenchRegistry(repo, corpus, cpuProf(dirs.server));
try {
  const token = await publisherToken(repo, registry, 'profile');
  markRound(model, `profile-${Date.now().toString(36)}`);
  const env = { ...registry.env, MLSEC_REGISTRY_TOKEN: token };
  const push = await mlsec(
    repo,
    ['registry', 'push', 'profile/m@1', model.dir, '-q'],
    env,
    cpuProf(dirs.push),
  );
  const start = performance.now();
  await waitChecked(registry, token, { namespace: 'profile', model: 'm', version: '1' });
  const checks = (performance.now() - start) / 1000;
  const out = join(corpus, 'pulled-profile');
  rmSync(out, { recursive: true, force: true });
  const pull = await mlsec(
    repo,
    ['registry', 'pull', 'profile/m@1', out, '-q'],
    env,
    cpuProf(dirs.pull),
  );
  rmSync(out, { recursive: true, force: true });
  log(
    `push ${push.seconds.toFixed(2)} s, checks ${checks.toFixed(2)} s, pull ${pull.seconds.toFixed(2)} s (profiled)`,
  );
} finally {
  registry.child.kill('SIGTERM');
  await new Promise((r) => registry.child.once('close', r));
}
for (const k of ['push', 'server', 'pull'] as const) {
  log(`${k}: self time by function`);
  summarise(dirs[k]);
}
