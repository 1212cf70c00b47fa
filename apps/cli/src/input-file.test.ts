import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

  // A hostile model folder can hold a FIFO named model.sig: opening it blocking would hang `verify`.
  it(
    'refuses a FIFO with the given code instead of waiting for a writer',
    { timeout: 10_000 },
    async () => {
      const fifo = join(dir, 'model.sig');
      execFileSync('mkfifo', [fifo]);
      await assert.rejects(
        readInputFile(fifo, '--signature', 6, 'VERIFY_BUNDLE_TOO_LARGE'),
        (e) => {
          assert.ok(e instanceof MlsecError);
          assert.equal(e.code, 'VERIFY_BUNDLE_TOO_LARGE');
          assert.match(e.message, /--signature file .*model\.sig: missing or not a regular file/);
          return true;
        },
      );
    },
  );

  it('escapes control characters of the path in its message', async () => {
    await assert.rejects(readInputFile(join(dir, 'a\u001b[31mb'), '--key'), (e) => {
      assert.ok(e instanceof MlsecError);
      assert.ok(!e.message.includes('\u001b'));
      assert.match(e.message, /a\\u001b\[31mb/);
      return true;
    });
  });
});
