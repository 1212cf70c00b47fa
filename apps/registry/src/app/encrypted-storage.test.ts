import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DirectoryBackend, EncryptedBlobStore } from '../blobs/index.ts';
import type { S3BlobStore } from '../blobs/index.ts';
import { collect, rejectsWith, sha256 } from '../blobs/testing/blob-data.ts';
import { s3Target } from '../blobs/testing/s3-target.ts';
import { initDataDir } from './init.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';
import { RegistryHttp } from './testing/registry-http.ts';

// A real artifact (benign SafeTensors weights, which pass the version checks) and a config file
// whose text is easy to look for in the stored bytes.
const WEIGHTS = readFileSync(
  new URL('../../../../fixtures/samples/benign/safetensors/tiny.safetensors', import.meta.url),
);
const CONFIG = Buffer.from(
  `{"architectures":["Bert"],"note":"${'plaintext marker '.repeat(8)}"}\n`,
);
const FILES = { 'model.safetensors': WEIGHTS, 'config.json': CONFIG };

/** Assert that a pull of `path` is refused before any byte: the blob no longer matches. */
async function pullFails(http: RegistryHttp, token: string, path: string): Promise<void> {
  const res = await http.pull(token, 'bert@1', path);
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('x-content-sha256'), null, 'no digest for bytes not sent');
  const body = (await res.json()) as { error: { code: string } };
  assert.equal(body.error.code, 'REGISTRY_BLOB_CORRUPT');
}

describe('a registry with blobs on S3 (s3rver on loopback), encrypted at rest', () => {
  let s3: Awaited<ReturnType<typeof s3Target>>;
  let dir: string;
  let kekFile: string;
  let registry: RunningRegistry | undefined;
  let http: RegistryHttp;
  let ci: string;
  const kek = randomBytes(32);

  before(async () => {
    // The SDK's standard chain finds the credentials (s3rver's own) in the environment.
    process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
    s3 = await s3Target();
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-s3-'));
    kekFile = join(dir, 'kek');
    writeFileSync(kekFile, `${kek.toString('hex')}\n`, { mode: 0o600 });
    const init = await initDataDir(join(dir, 'data'), {
      adminName: 'ada',
      blobs: 's3://blobs/registry',
      s3: { endpoint: s3.endpoint, forcePathStyle: true },
      encryption: { kekFile },
    });
    registry = await startRegistry(join(dir, 'data'), { port: 0 });
    http = new RegistryHttp(registry.url);
    ci = await http.publisher(init.adminToken);
  });
  after(async () => {
    await registry?.close();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the storage settings, and no key material, in registry.json', () => {
    const text = readFileSync(join(dir, 'data', 'registry.json'), 'utf8');
    const config = JSON.parse(text) as Record<string, unknown>;
    assert.equal(config['blobs'], 's3://blobs/registry');
    assert.deepEqual(config['s3'], { endpoint: s3.endpoint, forcePathStyle: true });
    assert.deepEqual(config['encryption'], { kekFile });
    assert.equal(text.includes(kek.toString('hex')), false);
    assert.equal(/S3RVER/.test(text), false);
  });

  it('pushes, checks and pulls through the bucket, which holds only ciphertext', async () => {
    assert.equal((await http.push(ci, 'bert@1', FILES)).status, 'pending');
    await http.waitFor(ci, 'bert@1', 'ready'); // the scan job read the blobs back through the KEK
    for (const [path, bytes] of Object.entries(FILES)) {
      const res = await http.pull(ci, 'bert@1', path);
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
      const stored = await s3.readStored(sha256(bytes));
      assert.equal(stored.subarray(0, 7).toString('latin1'), 'mlsecEB', 'the encrypted format');
      assert.equal(stored.length, 80 + bytes.length + 16, 'header, one sealed chunk');
      assert.equal(stored.includes(bytes.subarray(8, 40)), false, 'no plaintext run');
    }
    assert.equal((await s3.readStored(sha256(CONFIG))).includes('plaintext marker'), false);
  });

  it('refuses to serve a blob changed in the bucket, with a digest or authentication error', async () => {
    const digest = sha256(CONFIG);
    const original = await s3.readStored(digest);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 0x01;
    // A flipped ciphertext bit, and the plaintext itself put back by someone without the key.
    for (const forged of [flipped, CONFIG]) {
      await s3.writeStored(digest, forged);
      await pullFails(http, ci, 'config.json');
      const sameKey = new EncryptedBlobStore(s3.store as S3BlobStore, kek);
      await rejectsWith(async () => collect(await sameKey.get(digest)), 'REGISTRY_BLOB_CORRUPT');
    }
    await s3.writeStored(digest, original);
    const res = await http.pull(ci, 'bert@1', 'config.json');
    assert.deepEqual(
      Buffer.from(await res.arrayBuffer()),
      CONFIG,
      'the untouched blob serves again',
    );
  });

  it('will not start when its key file is exposed or gone (REGISTRY_CONFIG_INVALID)', async () => {
    await registry?.close();
    registry = undefined;
    chmodSync(kekFile, 0o644);
    await assert.rejects(startRegistry(join(dir, 'data'), { port: 0 }), {
      code: 'REGISTRY_CONFIG_INVALID',
      message: /"encryption\.kekFile" names .*kek, which group or others may access \(mode 0644\)/,
    });
    unlinkSync(kekFile);
    await assert.rejects(startRegistry(join(dir, 'data'), { port: 0 }), {
      code: 'REGISTRY_CONFIG_INVALID',
      message: /"encryption\.kekFile" names .*kek, which cannot be read \(ENOENT\)/,
    });
  });
});

describe('a registry with its blob folder encrypted at rest (KEK in an environment variable)', () => {
  let dir: string;
  let registry: RunningRegistry | undefined;
  const env = { MLSEC_TEST_KEK: randomBytes(32).toString('base64') };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-enc-dir-'));
  });
  after(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses init when the variable is not set, leaving no registry behind', async () => {
    await assert.rejects(
      initDataDir(join(dir, 'data'), {
        adminName: 'ada',
        encryption: { kekEnv: 'MLSEC_TEST_KEK' },
        env: {},
      }),
      { code: 'REGISTRY_CONFIG_INVALID', message: /names MLSEC_TEST_KEK, which is not set/ },
    );
  });

  it('round-trips a model and stores ciphertext in the folder', async () => {
    const init = await initDataDir(join(dir, 'data'), {
      adminName: 'ada',
      encryption: { kekEnv: 'MLSEC_TEST_KEK' },
      env,
    });
    registry = await startRegistry(join(dir, 'data'), { port: 0, env });
    const http = new RegistryHttp(registry.url);
    const ci = await http.publisher(init.adminToken);
    await http.push(ci, 'bert@1', FILES);
    await http.waitFor(ci, 'bert@1', 'ready');
    const res = await http.pull(ci, 'bert@1', 'config.json');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), CONFIG);
    const backend = await DirectoryBackend.open(join(dir, 'data', 'blobs'));
    const stored = readFileSync(backend.blobPath(sha256(CONFIG)));
    assert.equal(stored.subarray(0, 7).toString('latin1'), 'mlsecEB');
    assert.equal(stored.includes('plaintext marker'), false);
  });

  it('will not start without the variable, nor with a malformed one', async () => {
    await registry?.close();
    registry = undefined;
    for (const [variables, why] of [
      [{}, /which is not set/],
      [{ MLSEC_TEST_KEK: 'not a key' }, /which is not 64 hex characters, or base64 of 32 bytes/],
    ] as const) {
      await assert.rejects(startRegistry(join(dir, 'data'), { port: 0, env: variables }), {
        code: 'REGISTRY_CONFIG_INVALID',
        message: why,
      });
    }
  });
});
