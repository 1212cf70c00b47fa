import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initDataDir, startRegistry } from '@mlsec/registry';
import { runCli } from '../../run.ts';
import { runCapture } from '../../testing/run-cli.ts';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

// Three blobs over two versions; the config is one blob used by both.
const BLOBS = {
  weights: randomBytes(200_003),
  config: Buffer.from('{"architectures":["Bert"]}\n'),
  vocab: Buffer.from('[PAD]\n[UNK]\nhello\nworld\n'),
};
const VERSIONS: Record<string, Record<string, Buffer>> = {
  '1': { 'model.bin': BLOBS.weights, 'config.json': BLOBS.config },
  '2': { 'config.json': BLOBS.config, 'tokenizer/vocab.txt': BLOBS.vocab },
};

describe('mlsec registry audit verify DIR', () => {
  let work: string;
  let data: string;
  /** Where the directory store keeps a blob. */
  const blobFile = (digest: string): string =>
    join(data, 'blobs', 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest);
  const audit = (...flags: string[]) =>
    runCapture(['registry', 'audit', 'verify', 'data', ...flags], { cwd: work });

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'mlsec-cli-audit-'));
    data = join(work, 'data');
    const { adminToken } = await initDataDir(data, { adminName: 'ada', origin: 'audit.test/log' });
    const registry = await startRegistry(data, { port: 0 });
    try {
      const call = async (method: string, path: string, body: Buffer | object) => {
        const binary = Buffer.isBuffer(body);
        const res = await fetch(`${registry.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${adminToken}`,
            'content-type': binary ? 'application/octet-stream' : 'application/json',
          },
          body: binary ? body : JSON.stringify(body),
        });
        assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.text()}`);
      };
      await call('PUT', '/v1/team', {});
      for (const bytes of Object.values(BLOBS))
        await call('PUT', `/v1/team/blobs/${sha(bytes)}`, bytes);
      for (const [version, files] of Object.entries(VERSIONS)) {
        await call('POST', '/v1/team/models/bert/versions', {
          version,
          files: Object.entries(files).map(([path, b]) => ({
            path,
            sha256: sha(b),
            size: b.length,
          })),
        });
      }
    } finally {
      await registry.close(); // signs a last checkpoint covering the pushes
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('verifies an untouched registry, blobs re-hashed, and says so in JSON too', async () => {
    const run = await audit();
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, '');
    assert.match(run.err, /checkpoints, 3 blobs re-hashed: the log verifies\n$/);
    const json = await audit('--json');
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out) as { blobs: number; problems: unknown[]; entries: number };
    assert.deepEqual(
      { blobs: report.blobs, problems: report.problems },
      { blobs: 3, problems: [] },
    );
    assert.ok(report.entries > 0);
  });

  it('shows the re-hash progress on a terminal, and not with --quiet', async () => {
    const run = async (...flags: string[]) => {
      let err = '';
      const code = await runCli(['registry', 'audit', 'verify', data, ...flags], {
        stdout: { write: () => true, isTTY: true },
        stderr: { write: (text: string) => (err += text), isTTY: true, columns: 100 },
        cwd: work,
        env: {},
      });
      return { code, err };
    };
    const shown = await run();
    assert.equal(shown.code, 0);
    assert.ok(
      shown.err.includes('\r\x1b[2Kre-hashing blobs 3/3, 200.1 KB/200.1 KB (100%)'),
      shown.err,
    );
    assert.doesNotMatch((await run('--quiet')).err, /re-hashing/);
  });

  it('names a blob edited on disk and a deleted one, with every version using each (exit 1)', async () => {
    const edited = blobFile(sha(BLOBS.config));
    chmodSync(edited, 0o600);
    const bytes = readFileSync(edited);
    bytes[0] = (bytes[0] ?? 0) ^ 0x20;
    writeFileSync(edited, bytes);
    unlinkSync(blobFile(sha(BLOBS.vocab)));

    const run = await audit();
    assert.equal(run.code, 1, run.err);
    const expected = [
      `blobs(sha256:${sha(BLOBS.config)}): the stored bytes differ from the blob (changed, truncated or extended); used by team/bert@1:config.json, team/bert@2:config.json`,
      `blobs(sha256:${sha(BLOBS.vocab)}): missing from the blob store; used by team/bert@2:tokenizer/vocab.txt`,
    ].sort();
    assert.equal(run.out, `${expected.join('\n')}\n`);
    assert.match(run.err, /3 blobs re-hashed: 2 problems\n$/);
  });

  it('refuses a blob folder that is gone, without creating it (exit 2)', async () => {
    const folder = join(data, 'blobs');
    const moved = join(work, 'blobs-moved');
    renameSync(folder, moved);
    try {
      const run = await audit();
      assert.equal(run.code, 2, run.err);
      assert.match(run.err, /REGISTRY_BLOB_STORE_FAILED.*the blob folder does not exist/);
      assert.equal(existsSync(folder), false, 'the audit wrote nothing');
    } finally {
      renameSync(moved, folder);
    }
  });

  it('skips the blobs with --no-blobs (the log and tables still verify)', async () => {
    const run = await audit('--no-blobs');
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /blobs not re-hashed \(--no-blobs\): the log verifies\n$/);
    const json = JSON.parse((await audit('--no-blobs', '--json')).out) as { blobs: null };
    assert.equal(json.blobs, null);
  });
});
