import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { s3Target } from '@mlsec/registry/testing';
import { runCapture } from '../../testing/run-cli.ts';
import type { CliRun } from '../../testing/run-cli.ts';

const KEK = randomBytes(32).toString('hex');

/** registry.json of data folder `dir`. */
function configOf(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8')) as Record<string, unknown>;
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** An error run: exit 2, one line naming `code`, no stack trace and no key material. */
function refused(run: CliRun, code: string, message: RegExp): void {
  assert.equal(run.code, 2, run.err);
  assert.match(run.err, new RegExp(`^mlsec: error ${code}: `));
  assert.match(run.err, message);
  assert.doesNotMatch(run.err, /\n\s+at /, 'no stack trace');
  assert.equal(`${run.out}${run.err}`.includes(KEK), false, 'no key material');
}

describe('mlsec registry init and serve: storage flags', () => {
  const work = mkdtempSync(join(tmpdir(), 'mlsec-cli-storage-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('documents the storage flags, exit codes and examples in --help', async () => {
    const init = await runCapture(['registry', 'init', '--help']);
    for (const flag of [
      '--blobs',
      '--s3-endpoint',
      '--s3-region',
      '--s3-path-style',
      '--encryption-key-file',
      '--encryption-key-env',
    ]) {
      assert.match(init.out, new RegExp(`^ +${flag} `, 'm'), flag);
    }
    const serve = await runCapture(['registry', 'serve', '--help']);
    for (const help of [init.out, serve.out]) {
      assert.match(help, /\nExit codes: 0 /);
      assert.match(help, /REGISTRY_CONFIG_INVALID/);
      assert.match(help, /\nExamples:\n {2}mlsec registry /);
    }
  });

  it('refuses S3 options without s3:// blobs, and two key sources', async () => {
    const dir = join(work, 'usage');
    for (const argv of [
      ['--s3-region', 'eu-west-1'],
      ['--blobs', './store', '--s3-path-style'],
      ['--encryption-key-file', 'kek', '--encryption-key-env', 'KEK'],
    ]) {
      const run = await runCapture(['registry', 'init', dir, '--admin', 'ada', ...argv]);
      refused(run, 'CLI_USAGE', /--s3-\* options need --blobs s3:|not both/);
    }
    assert.equal(existsSync(join(dir, 'registry.json')), false);
  });

  it('refuses a key file others may read, creating no registry', async () => {
    writeFileSync(join(work, 'open.kek'), KEK, { mode: 0o644 });
    const dir = join(work, 'open');
    const run = await runCapture(
      ['registry', 'init', dir, '--admin', 'ada', '--encryption-key-file', 'open.kek'],
      { cwd: work },
    );
    refused(run, 'REGISTRY_CONFIG_INVALID', /"encryption.kekFile" names .*open\.kek.*chmod 600/);
    assert.equal(existsSync(join(dir, 'registry.json')), false);
    assert.equal(existsSync(join(dir, 'log.key')), false);
  });

  it('records a relative blob folder and an env KEK; serve needs the variable', async () => {
    const dir = join(work, 'env');
    const env = { MLSEC_KEK: KEK };
    const argv = ['--blobs', 'store', '--encryption-key-env', 'MLSEC_KEK'];
    const init = await runCapture(['registry', 'init', dir, '--admin', 'ada', ...argv], {
      cwd: work,
      env,
    });
    assert.equal(init.code, 0, init.err);
    assert.match(init.out, /^mlsr_/);
    assert.match(init.err, /blobs in .*store, encrypted at rest/);
    const config = configOf(dir);
    assert.equal(config['blobs'], join(work, 'store'));
    assert.deepEqual(config['encryption'], { kekEnv: 'MLSEC_KEK' });
    assert.equal(readFileSync(join(dir, 'registry.json'), 'utf8').includes(KEK), false);

    const missing = await runCapture(['registry', 'serve', dir, '--port', '0'], { env: {} });
    refused(
      missing,
      'REGISTRY_CONFIG_INVALID',
      /"encryption.kekEnv" names MLSEC_KEK, which is not set/,
    );
    assert.equal(missing.err.split('\n').length, 2, 'one line');

    const port = await freePort();
    const serving = runCapture(['registry', 'serve', dir, '--port', String(port)], { env });
    let healthy = false;
    for (let i = 0; i < 200 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (!healthy) await new Promise((r) => setTimeout(r, 50));
    }
    process.emit('SIGTERM');
    const stopped = await serving;
    assert.ok(healthy, stopped.err);
    assert.equal(stopped.code, 0, stopped.err);
  });

  describe('with blobs in a bucket (s3rver on loopback)', () => {
    let s3: Awaited<ReturnType<typeof s3Target>>;
    before(async () => {
      // The AWS SDK's standard chain: s3rver's credentials in the environment.
      process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
      s3 = await s3Target();
    });
    after(() => s3?.close());

    it('records the bucket, prefix, endpoint, region and path style after listing the bucket', async () => {
      const dir = join(work, 's3');
      const init = await runCapture([
        'registry',
        'init',
        dir,
        '--admin',
        'ada',
        '--blobs',
        's3://blobs/cli/reg',
        '--s3-endpoint',
        s3.endpoint,
        '--s3-region',
        'eu-west-1',
        '--s3-path-style',
      ]);
      assert.equal(init.code, 0, init.err);
      const config = configOf(dir);
      assert.equal(config['blobs'], 's3://blobs/cli/reg');
      assert.deepEqual(config['s3'], {
        endpoint: s3.endpoint,
        region: 'eu-west-1',
        forcePathStyle: true,
      });
    });

    it('refuses a bucket that does not exist, creating no registry', async () => {
      const dir = join(work, 's3-missing');
      const run = await runCapture([
        'registry',
        'init',
        dir,
        '--admin',
        'ada',
        '--blobs',
        's3://no-such-bucket',
        '--s3-endpoint',
        s3.endpoint,
        '--s3-path-style',
      ]);
      refused(run, 'REGISTRY_BLOB_STORE_FAILED', /s3:\/\/no-such-bucket\/: .*NoSuchBucket/);
      assert.doesNotMatch(run.err, /S3RVER/);
      assert.equal(existsSync(join(dir, 'registry.json')), false);
    });

    it('refuses an endpoint nobody answers on, naming the system error', async () => {
      const port = await freePort();
      const run = await runCapture([
        'registry',
        'init',
        join(work, 's3-closed'),
        '--admin',
        'ada',
        '--blobs',
        's3://blobs',
        '--s3-endpoint',
        `http://127.0.0.1:${port}`,
        '--s3-path-style',
      ]);
      refused(
        run,
        'REGISTRY_BLOB_STORE_FAILED',
        /could not list the bucket in S3 \(.*ECONNREFUSED/,
      );
    });
  });
});
