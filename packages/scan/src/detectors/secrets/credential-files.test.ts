import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCredentialStore } from './credential-files.ts';

describe('findCredentialStore', () => {
  it('names the filled-in fields of credential stores, never their values', () => {
    const cases: [string, string, string, string[]][] = [
      ['.netrc', 'machine host\n  login me\n  password s3cr3t-value\n', '.netrc', ['password']],
      [
        'app/.env.production',
        'DEBUG=1\nDB_PASSWORD="hunter-two-2"\nAPI_URL=x\n',
        '.env file',
        ['DB_PASSWORD'],
      ],
      ['.databrickscfg', '[DEFAULT]\nhost = h\ntoken = abcdefgh\n', '.databrickscfg', ['token']],
      [
        'home/.aws/credentials',
        '[default]\naws_secret_access_key = abc/def\n',
        'AWS credentials file',
        ['aws_secret_access_key'],
      ],
      [
        '.git-credentials',
        'https://me:tok-123@git.example.com\n',
        '.git-credentials',
        ['url password'],
      ],
      [
        '.pypirc',
        '[pypi]\nusername = __token__\npassword = pypi-abcdef\n',
        '.pypirc',
        ['password'],
      ],
    ];
    for (const [path, text, kind, fields] of cases) {
      const store = findCredentialStore(path, text);
      assert.equal(store?.kind, kind, path);
      assert.deepEqual(store?.fields, fields, path);
      assert.ok(
        !JSON.stringify(store).match(/s3cr3t|hunter|abcdefgh|abc\/def|tok-123|pypi-abc/),
        path,
      );
    }
  });

  it('ignores templates, placeholders, references and unrelated files', () => {
    assert.equal(
      findCredentialStore('.env.example', 'DB_PASSWORD=real-looking-value\n'),
      undefined,
    );
    assert.equal(
      findCredentialStore('.env', 'DB_PASSWORD=\nAPI_TOKEN=${VAULT_TOKEN}\nX_SECRET=<secret>\n'),
      undefined,
    );
    assert.equal(findCredentialStore('.env', 'LOG_LEVEL=debug\nPORT=8080\n'), undefined);
    assert.equal(
      findCredentialStore('.netrc', 'machine host login me password changeme\n'),
      undefined,
    );
    assert.equal(findCredentialStore('src/settings.py', 'password = "x"\n'), undefined);
  });
});
