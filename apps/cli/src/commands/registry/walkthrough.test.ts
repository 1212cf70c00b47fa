import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCapture } from '../../testing/run-cli.ts';
import type { CliRun } from '../../testing/run-cli.ts';

// The README's registry walkthrough, run command by command as a user would type it (bin/mlsec is
// the CLI run in process here): if the README drifts from what works, this fails.
const repo = resolve(fileURLToPath(new URL('../../../../../', import.meta.url)));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## `mlsec registry`'));
const block = (lang: string): string => {
  const start = section.indexOf(`\`\`\`${lang}\n`) + lang.length + 4;
  return section.slice(start, section.indexOf('```', start));
};

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Wait until the upload checks (a background job) made team/bert@version ready. */
async function readyVersion(port: string, token: string, version: string): Promise<void> {
  for (let t = 0; t < 200; t++) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/team/models/bert/versions/${version}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok && ((await res.json()) as { status: string }).status === 'ready') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`team/bert@${version} never became ready`);
}

describe('the README registry walkthrough', () => {
  const work = mkdtempSync(join(tmpdir(), 'mlsec-walkthrough-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('runs as written: init, serve, signed push, gated promote, verified pull, rollback, history, audit', async () => {
    writeFileSync(join(work, 'policy.yaml'), block('yaml'));
    mkdirSync(join(work, 'model'));
    copyFileSync(
      join(repo, 'fixtures/samples/benign/safetensors/tiny.safetensors'),
      join(work, 'model/model.safetensors'),
    );
    writeFileSync(join(work, 'model/config.json'), '{"architectures":["Bert"]}\n');
    const port = String(await freePort());
    const env: Record<string, string> = {};
    let serving: Promise<CliRun> | undefined;
    const runs: { line: string; run: CliRun; expect: number }[] = [];
    const lines = block('sh').split('\n');
    for (const [i, raw] of lines.entries()) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      const text = line.replace(/\$\(cat (\S+)\)/g, '$$(cat:$1)');
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('export ')) {
        const [name, value] = line.slice(7).split('=');
        env[name ?? ''] = (value ?? '').replace('$PWD', work);
        continue;
      }
      const words = text
        .split(/\s+/)
        .map((w) => (w === '8471' || w.endsWith(':8471') ? w.replace('8471', port) : w));
      const runEnv = { ...env };
      while (/^[A-Z_]+=/.test(words[0] ?? '')) {
        const [name, value] = (words.shift() ?? '').split('=');
        const file = /^\$\(cat:(.+)\)$/.exec(value ?? '')?.[1];
        runEnv[name ?? ''] =
          file === undefined ? (value ?? '') : readFileSync(join(work, file), 'utf8').trim();
      }
      assert.equal(words.shift(), 'bin/mlsec', line);
      const background = words.at(-1) === '&';
      if (background) words.pop();
      const redirect = words.indexOf('>');
      const output = redirect >= 0 ? words[redirect + 1] : undefined;
      const argv = redirect >= 0 ? words.slice(0, redirect) : words;
      if (background) {
        serving = runCapture(argv, { cwd: work, env: runEnv });
        for (
          let t = 0;
          t < 100 &&
          !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          ));
          t++
        ) {
          await new Promise((r) => setTimeout(r, 100));
        }
        continue;
      }
      // A check needs the version's upload checks to have run: wait until it is ready.
      if (argv[1] === 'promote')
        await readyVersion(port, runEnv['MLSEC_REGISTRY_TOKEN'] ?? '', argv[4] ?? '');
      const run = await runCapture(argv, { cwd: work, env: runEnv });
      if (output !== undefined) writeFileSync(join(work, output), run.out);
      const expect = /^\s*#.*exit 1/.test(lines[i + 1] ?? '') ? 1 : 0;
      runs.push({ line, run, expect });
      assert.equal(run.code, expect, `${line}\n${run.err}`);
    }
    process.emit('SIGTERM');
    assert.equal((await serving)?.code, 0);
    const refused = runs.find((r) => r.expect === 1);
    assert.match(refused?.run.err ?? '', /FAILED approvals: 1 approval needed, 0 given/);
    assert.deepEqual(
      readFileSync(join(work, 'out/model.safetensors')),
      readFileSync(join(work, 'model/model.safetensors')),
    );
    const pull = runs.find((r) => r.line.includes(' pull '))?.run.err ?? '';
    assert.match(pull, /signature verified here: verified 2 signed resources/);
    const push = runs.find((r) => r.line.includes(' push '))?.run.err ?? '';
    assert.match(push, /upload checks: scanned 2 files: .*; signature verified/);
    const history = runs.find((r) => r.line.includes(' history '))?.run.out ?? '';
    assert.match(history, /production now: 1/);
    assert.match(history, /2 -> 1 {2}by ci: incident/);
    const audit = runs.at(-1);
    assert.match(audit?.run.err ?? '', /the log verifies/);
  });
});
