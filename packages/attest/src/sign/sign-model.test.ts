import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { generateSigningKey } from '../keys/generate-key.ts';
import { loadSigningKey } from '../keys/load-signing-key.ts';
import { signModel } from './sign-model.ts';

describe('signModel', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-sign-model-'));
    await writeFile(join(dir, 'weights.bin'), 'weights');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  describe('when the signature cannot be written', () => {
    it('is SIGN_WRITE_FAILED and escapes the path in its message', async () => {
      const key = loadSigningKey(generateSigningKey().privateKeyPem);
      const signaturePath = join(dir, 'no\u001b[2Jfolder', 'model.sig');
      await assert.rejects(signModel({ modelPath: dir, key, signaturePath }), (e) => {
        assert.ok(e instanceof MlsecError);
        assert.equal(e.code, 'SIGN_WRITE_FAILED');
        assert.ok(!e.message.includes('\u001b'));
        assert.match(e.message, /no\\u001b\[2Jfolder/);
        return true;
      });
    });
  });
});
