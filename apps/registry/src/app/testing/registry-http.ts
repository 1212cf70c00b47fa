import assert from 'node:assert/strict';
import { sha256 } from '../../blobs/testing/blob-data.ts';

/** A started registry's API over real HTTP, as a client sees it (end-to-end tests). */
export class RegistryHttp {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  /** One request; a Uint8Array body goes as octets, anything else as JSON. */
  call(token: string, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let payload: string | Uint8Array | undefined;
    if (body instanceof Uint8Array) {
      headers['content-type'] = 'application/octet-stream';
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
  }

  /** As the admin: create namespace `team`, grant `ci` publisher there, and return ci's new token. */
  async publisher(admin: string): Promise<string> {
    assert.equal((await this.call(admin, 'PUT', '/v1/team', {})).status, 201);
    const grant = await this.call(admin, 'POST', '/v1/team/grants', {
      principal: 'ci',
      role: 'publisher',
    });
    assert.equal(grant.status, 200);
    const minted = await this.call(admin, 'POST', '/v1/team/tokens', {
      principal: 'ci',
      roles: ['publisher'],
      days: 1,
    });
    assert.equal(minted.status, 201);
    return ((await minted.json()) as { token: string }).token;
  }

  /** Upload each file's blob, then register them as team/`ref` (`model@version`); the POST's reply. */
  async push(
    token: string,
    ref: string,
    files: Readonly<Record<string, Uint8Array>>,
  ): Promise<{ status: string }> {
    const [model, version] = ref.split('@');
    for (const bytes of Object.values(files)) {
      const put = await this.call(token, 'PUT', `/v1/team/blobs/${sha256(bytes)}`, bytes);
      assert.ok(put.status === 201 || put.status === 200, `blob upload: ${put.status}`);
    }
    const registered = await this.call(token, 'POST', `/v1/team/models/${model}/versions`, {
      version,
      files: Object.entries(files).map(([path, bytes]) => ({
        path,
        sha256: sha256(bytes),
        size: bytes.length,
      })),
    });
    assert.equal(registered.status, 201, await registered.clone().text());
    return (await registered.json()) as { status: string };
  }

  /** Poll team/`ref` until its status is `status` (bounded: 20 s at most). */
  async waitFor(token: string, ref: string, status: string): Promise<void> {
    const [model, version] = ref.split('@');
    let last = '';
    for (let i = 0; i < 200; i++) {
      const res = await this.call(token, 'GET', `/v1/team/models/${model}/versions/${version}`);
      last = ((await res.json()) as { status: string }).status;
      if (last === status) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`team/${ref} stayed ${last}, never ${status}`);
  }

  /** GET one file of team/`ref`. */
  pull(token: string, ref: string, path: string): Promise<Response> {
    const [model, version] = ref.split('@');
    return this.call(token, 'GET', `/v1/team/models/${model}/versions/${version}/files/${path}`);
  }
}
