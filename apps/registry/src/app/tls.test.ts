import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initDataDir } from './init.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';

// A test CA and a server certificate for 127.0.0.1 (fixtures/registry/tls/generate.sh).
const TLS = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'registry', 'tls');
const read = (name: string): Buffer => readFileSync(join(TLS, name));

/** GET `url` with node:https (or http), trusting only `ca`: status and body. */
function get(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(url, ca === undefined ? {} : { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the registry serves HTTPS when given a certificate', () => {
  let dir: string;
  let registry: RunningRegistry;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-tls-'));
    await initDataDir(join(dir, 'data'), { adminName: 'ada' });
    registry = await startRegistry(join(dir, 'data'), {
      port: 0,
      tls: { cert: read('server.pem'), key: read('server-key.pem') },
    });
  });
  after(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers over TLS with a certificate that chains to the CA, and only over TLS', async () => {
    assert.match(registry.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const checkpoint = await get(`${registry.url}/v1/log/checkpoint`, read('ca.pem'));
    assert.equal(checkpoint.status, 200);
    assert.match(checkpoint.body, /^mlsec-registry\//);
    const anonymous = await get(`${registry.url}/v1/team/models/m/versions/1`, read('ca.pem'));
    assert.equal(anonymous.status, 401);
    await assert.rejects(get(registry.url.replace('https:', 'http:') + '/v1/log/checkpoint'));
  });

  it('is refused by a client that does not trust the CA', async () => {
    await assert.rejects(
      get(`${registry.url}/v1/log/checkpoint`),
      /self-signed|unable to verify|certificate/i,
    );
  });
});
