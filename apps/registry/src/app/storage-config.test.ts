import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkRegistryConfig, readRegistryConfig } from './config.ts';
import { decodeKek, loadKek } from './kek.ts';
import { parseBlobLocation } from './storage-config.ts';

const BASE = {
  database: 'sqlite:/x/registry.db',
  blobs: '/x/blobs',
  origin: 'o',
  verifierKey: 'k',
  maxBlobBytes: 1,
};

/** The REGISTRY_CONFIG_INVALID message checking `settings` (merged into a valid config) gives. */
function refusal(settings: Record<string, unknown>): string {
  try {
    checkRegistryConfig({ ...BASE, ...settings }, '/data');
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'REGISTRY_CONFIG_INVALID');
    return (error as Error).message;
  }
  return assert.fail('accepted');
}

describe('parseBlobLocation', () => {
  it('reads folders (relative ones in the data folder) and s3://bucket[/prefix]', () => {
    assert.deepEqual(parseBlobLocation('/srv/blobs', '/data'), {
      kind: 'directory',
      path: '/srv/blobs',
    });
    assert.deepEqual(parseBlobLocation('blobs', '/data'), {
      kind: 'directory',
      path: '/data/blobs',
    });
    assert.deepEqual(parseBlobLocation('s3://models', '/data'), {
      kind: 's3',
      bucket: 'models',
      prefix: '',
    });
    assert.deepEqual(parseBlobLocation('s3://models/a/registry/', '/data'), {
      kind: 's3',
      bucket: 'models',
      prefix: 'a/registry/',
    });
  });
});

describe('checkRegistryConfig (storage settings)', () => {
  it('accepts S3 settings and either KEK source', () => {
    const config = checkRegistryConfig(
      {
        ...BASE,
        blobs: 's3://models/reg',
        s3: { endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', forcePathStyle: true },
        encryption: { kekEnv: 'MLSEC_KEK' },
        pgBossSchema: 'reg_jobs',
      },
      '/data',
    );
    assert.equal(config.s3?.endpoint, 'http://127.0.0.1:9000');
    assert.deepEqual(
      checkRegistryConfig({ ...BASE, encryption: { kekFile: 'kek' } }, '/data').encryption,
      { kekFile: 'kek' },
    );
  });

  it('names the field of each bad setting', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ blobs: '' }, /"blobs" is missing/],
      [{ blobs: 'https://bucket.example/x' }, /"blobs" is neither a folder nor s3:/],
      [{ blobs: 's3://Bad_Bucket' }, /"blobs" has the bucket name "Bad_Bucket"/],
      [{ blobs: 's3://ok-bucket/a//b' }, /"blobs" has an S3 prefix that is not segments/],
      [{ blobs: 's3://ok-bucket/a/\u0000' }, /"blobs" has an S3 prefix that is not segments/],
      [{ s3: { region: 'us-east-1' } }, /"s3" is set but "blobs" is not s3:/],
      [{ blobs: 's3://models', s3: { endPoint: 'x' } }, /"s3" has an unknown setting "endPoint"/],
      [{ blobs: 's3://models', s3: { endpoint: 'ftp://h' } }, /"s3.endpoint" is not an http/],
      [{ blobs: 's3://models', s3: { region: 'US East' } }, /"s3.region" is not a region/],
      [{ blobs: 's3://models', s3: { forcePathStyle: 'yes' } }, /"s3.forcePathStyle"/],
      [{ encryption: {} }, /"encryption" needs exactly one of "kekFile" or "kekEnv"/],
      [{ encryption: { kekFile: 'a', kekEnv: 'B' } }, /"encryption" needs exactly one/],
      [{ encryption: { kek: 'ab' } }, /"encryption" has an unknown setting "kek"/],
      [{ encryption: { kekEnv: 'NOT-A-NAME' } }, /"encryption.kekEnv" is not an environment/],
      [{ encryption: { kekFile: 7 } }, /"encryption.kekFile" is not a file path/],
      [{ pgBossSchema: 'Jobs; drop' }, /"pgBossSchema" is not a lower-case identifier/],
      [{ maxBlobBytes: 0 }, /"maxBlobBytes" is not a positive integer/],
    ];
    for (const [settings, expected] of cases) assert.match(refusal(settings), expected);
  });

  it('refuses credentials in the endpoint without repeating them', () => {
    const message = refusal({
      blobs: 's3://models',
      s3: { endpoint: 'http://AKIAEXAMPLE:hunter2secret@minio:9000' },
    });
    assert.match(message, /"s3.endpoint" holds credentials/);
    assert.doesNotMatch(message, /hunter2secret|AKIAEXAMPLE/);
  });

  it('is what readRegistryConfig applies to registry.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-config-'));
    try {
      writeFileSync(join(dir, 'registry.json'), JSON.stringify({ ...BASE, encryption: 'x' }));
      await assert.rejects(readRegistryConfig(dir), {
        code: 'REGISTRY_CONFIG_INVALID',
        message: 'registry.json: "encryption" is not an object',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decodeKek', () => {
  const key = randomBytes(32);
  it('takes 64 hex characters, or base64 (standard or URL-safe, padded or not) of 32 bytes', () => {
    for (const text of [
      key.toString('hex'),
      `${key.toString('hex').toUpperCase()}\n`,
      key.toString('base64'),
      `  ${key.toString('base64url')}  \n`,
      key.toString('base64').replace(/=$/, ''),
    ]) {
      assert.deepEqual(decodeKek(text), key, text);
    }
  });

  it('refuses other lengths, other characters and non-canonical base64', () => {
    const canonical = Buffer.alloc(32, 0).toString('base64'); // 'AAAA…AAA='
    for (const text of [
      '',
      key.toString('hex').slice(2),
      `${key.toString('hex')}00`,
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      `${key.toString('hex').slice(1)}g`,
      `${canonical.slice(0, 42)}B=`, // unused low bits set
      key.toString('base64').replace(/.$/, '=='),
    ]) {
      assert.equal(decodeKek(text), undefined, text);
    }
  });
});

describe('loadKek', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-kek-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);
  const hex = key.toString('hex');

  function keyFile(name: string, text: string, mode: number): string {
    const path = join(dir, name);
    writeFileSync(path, text, { mode });
    chmodSync(path, mode);
    return path;
  }

  it('reads a private key file (relative to the data folder) and an env var', async () => {
    keyFile('kek', `${hex}\n`, 0o600);
    assert.deepEqual(await loadKek({ kekFile: 'kek' }, dir, {}), key);
    assert.deepEqual(await loadKek({ kekEnv: 'KEK' }, dir, { KEK: key.toString('base64') }), key);
  });

  it('refuses a key file group or others may read, as ssh does, naming the mode', async () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      const path = keyFile(`kek-${mode.toString(8)}`, hex, mode);
      await assert.rejects(loadKek({ kekFile: path }, dir, {}), (error: Error) => {
        assert.equal((error as { code?: string }).code, 'REGISTRY_CONFIG_INVALID');
        assert.match(
          error.message,
          /"encryption.kekFile" names .* \(mode 0\d\d\d\); run chmod 600/,
        );
        assert.doesNotMatch(error.message, new RegExp(hex.slice(0, 16)));
        return true;
      });
    }
  });

  it('refuses a missing file, a folder, malformed contents and an unset variable, never echoing them', async () => {
    const secretish = `${hex.slice(0, 63)}z`;
    const bad = keyFile('bad', secretish, 0o600);
    const cases: [() => Promise<Buffer>, RegExp][] = [
      [() => loadKek({ kekFile: join(dir, 'none') }, dir, {}), /cannot be read \(ENOENT\)/],
      [() => loadKek({ kekFile: dir }, dir, {}), /not a file|cannot be read/],
      [() => loadKek({ kekFile: bad }, dir, {}), /is not 64 hex characters, or base64 of 32 bytes/],
      [
        () => loadKek({ kekEnv: 'KEK' }, dir, {}),
        /"encryption.kekEnv" names KEK, which is not set/,
      ],
      [
        () => loadKek({ kekEnv: 'KEK' }, dir, { KEK: secretish }),
        /"encryption.kekEnv" names KEK, which is not 64 hex/,
      ],
    ];
    for (const [load, expected] of cases) {
      await assert.rejects(load, (error: Error) => {
        assert.equal((error as { code?: string }).code, 'REGISTRY_CONFIG_INVALID');
        assert.match(error.message, expected);
        assert.doesNotMatch(error.message, new RegExp(secretish.slice(0, 16)));
        return true;
      });
    }
  });
});
