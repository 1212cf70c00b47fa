import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { readInputFile } from './input-file.ts';

describe('readInputFile', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-input-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('returns the bytes of a file within the limit', async () => {
    await writeFile(join(dir, 'ok.sig'), 'abcdef');
    assert.equal(
      new TextDecoder().decode(await readInputFile(join(dir, 'ok.sig'), '--signature', 6)),
      'abcdef',
    );
  });

  it('refuses a file over the limit with the given code, naming the flag', async () => {
    await writeFile(join(dir, 'big.sig'), 'x'.repeat(7));
    await assert.rejects(
      readInputFile(join(dir, 'big.sig'), '--signature', 6, 'VERIFY_BUNDLE_TOO_LARGE'),
      (e) => {
        assert.ok(e instanceof MlsecError);
        assert.equal(e.code, 'VERIFY_BUNDLE_TOO_LARGE');
        assert.match(e.message, /--signature file .*big\.sig is 7 bytes, over the 6-byte limit/);
        return true;
      },
    );
  });

  it('reports a missing file as CLI_USAGE by default', async () => {
    await assert.rejects(readInputFile(join(dir, 'none.pem'), '--key'), { code: 'CLI_USAGE' });
  });
});
