// The registry under test for the transfer bench: `mlsec registry init` + `serve` in a child
// process (so its memory is its own), its resident set sampled from /proc every 100 ms, and the
// CLI run as child processes (asynchronously, so sampling goes on while they run).
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** What a CLI child left behind. */
export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly seconds: number;
}

/** Run `bin/mlsec ARGS` in a child process; rejects unless it exits 0. */
export function mlsec(
  repo: string,
  args: readonly string[],
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, join(repo, 'bin/mlsec'), ...args], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', fail);
    child.on('close', (code) => {
      const result = { code, out, err, seconds: (performance.now() - start) / 1000 };
      if (code === 0) done(result);
      else fail(new Error(`mlsec ${args.join(' ')} exited ${code}: ${err.slice(0, 2000)}`));
    });
  });
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Resident set of `pid` and every descendant, in bytes (0 once it is gone). */
export function treeRssBytes(pid: number): number {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children === '' ? [] : children.split(/\s+/)) {
        total += treeRssBytes(Number(child));
      }
    }
  } catch {
    // the process (or a thread) ended between the reads
  }
  return total;
}

/** Samples a process tree's RSS every 100 ms; `phase()` starts a new named peak. */
export class RssSampler {
  private readonly timer: NodeJS.Timeout;
  private current = 'idle';
  /** Peak RSS per phase name, bytes. */
  readonly peaks = new Map<string, number>();
  /** Every sample: [ms since start, phase, bytes]. */
  readonly samples: [number, string, number][] = [];
  private readonly start = performance.now();

  private readonly pid: number;

  constructor(pid: number) {
    this.pid = pid;
    this.timer = setInterval(() => this.sample(), 100);
  }

  /** Take one sample now. */
  sample(): number {
    const bytes = treeRssBytes(this.pid);
    this.samples.push([Math.round(performance.now() - this.start), this.current, bytes]);
    this.peaks.set(this.current, Math.max(this.peaks.get(this.current) ?? 0, bytes));
    return bytes;
  }

  /** Attribute the following samples to `name`. */
  phase(name: string): void {
    this.sample();
    this.current = name;
    this.sample();
  }

  /** Stop sampling. */
  stop(): void {
    clearInterval(this.timer);
  }
}

/** A running registry child and how to reach it. */
export interface BenchRegistry {
  readonly child: ChildProcess;
  readonly url: string;
  readonly env: Record<string, string>;
}

/** `registry init` DATA, then `registry serve DATA` in a child; logged in as the admin. */
export async function startBenchRegistry(
  repo: string,
  corpus: string,
  nodeArgs: readonly string[] = [],
): Promise<BenchRegistry> {
  const data = join(corpus, 'registry');
  const init = await mlsec(repo, ['registry', 'init', data, '--admin', 'bench']);
  const adminToken = join(corpus, 'admin.token');
  writeFileSync(adminToken, init.out, { mode: 0o600 });
  const port = await freePort();
  const log = createWriteStream(join(corpus, 'serve.log'));
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(repo, 'bin/mlsec'), 'registry', 'serve', data, '--port', String(port)],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  for (let t = 0; ; t++) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (t > 200 || child.exitCode !== null)
      throw new Error(`the registry did not start: see ${corpus}/serve.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const env = { MLSEC_CONFIG_DIR: join(corpus, 'cfg') };
  await mlsec(repo, ['registry', 'login', url, '--token-file', adminToken], env);
  return { child, url, env };
}

/** Create NAMESPACE, grant `ci` publisher there, and return a publisher token for it. */
export async function publisherToken(
  repo: string,
  registry: BenchRegistry,
  namespace: string,
): Promise<string> {
  await mlsec(repo, ['registry', 'namespace', 'create', namespace], registry.env);
  await mlsec(repo, ['registry', 'grant', namespace, 'ci', 'publisher'], registry.env);
  const token = await mlsec(
    repo,
    ['registry', 'token', 'create', namespace, 'ci', '--roles', 'publisher'],
    registry.env,
  );
  return token.out.trim();
}

/** Poll the version until its upload checks finished; returns its status and message. */
export async function waitChecked(
  registry: BenchRegistry,
  token: string,
  ref: { namespace: string; model: string; version: string },
): Promise<{ status: string; statusMessage: string | null }> {
  const path = `/v1/${ref.namespace}/models/${ref.model}/versions/${ref.version}`;
  for (;;) {
    const res = await fetch(`${registry.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { status?: string; statusMessage?: string | null };
    if (res.ok && body.status !== 'pending') {
      return { status: body.status ?? '?', statusMessage: body.statusMessage ?? null };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
