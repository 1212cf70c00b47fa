import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { artifactLocation, encodePath, rootUri, SRCROOT } from './sarif-uri.ts';
import { isUri, isUriReference } from './testing/sarif-validator.ts';

describe('encodePath', () => {
  it('keeps separators and unreserved characters', () => {
    assert.equal(encodePath('models/v1.0/model_a-b~.pkl'), 'models/v1.0/model_a-b~.pkl');
  });

  it('percent-encodes spaces, reserved characters and UTF-8', () => {
    assert.equal(encodePath('a b/c#d?e%f'), 'a%20b/c%23d%3Fe%25f');
    assert.equal(encodePath('模型/é'), '%E6%A8%A1%E5%9E%8B/%C3%A9');
    assert.equal(encodePath('x\\y'), 'x%5Cy');
  });

  it('encodes a colon so a first segment never reads as a scheme', () => {
    const uri = encodePath('c:odd/file');
    assert.equal(uri, 'c%3Aodd/file');
    assert.ok(isUriReference(uri));
    assert.equal(isUri(uri), false);
  });

  it('replaces an unpaired surrogate instead of throwing', () => {
    assert.equal(encodePath('a\ud800b'), 'a%EF%BF%BDb');
  });

  it('round-trips through decodeURIComponent', () => {
    const path = "dir with space/ünïcödé 模型 🚀/[x](y)+z&=;,@!$'*.bin";
    assert.equal(
      encodePath(path)
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/'),
      path,
    );
  });
});

describe('artifactLocation', () => {
  describe('when the path is relative', () => {
    it('resolves against %SRCROOT%', () => {
      assert.deepEqual(artifactLocation('models/a b.pkl'), {
        uri: 'models/a%20b.pkl',
        uriBaseId: SRCROOT,
      });
      assert.deepEqual(artifactLocation('../other/x'), { uri: '../other/x', uriBaseId: SRCROOT });
    });

    it('names the folder itself for an empty path', () => {
      assert.deepEqual(artifactLocation(''), { uri: '.', uriBaseId: SRCROOT });
    });
  });

  describe('when the path is absolute', () => {
    it('becomes a file URI without a base', () => {
      assert.deepEqual(artifactLocation('/srv/m odel.pkl'), { uri: 'file:///srv/m%20odel.pkl' });
      assert.deepEqual(artifactLocation('D:/models/x.pkl'), { uri: 'file:///D:/models/x.pkl' });
      assert.ok(isUri('file:///D:/models/x.pkl'));
    });
  });
});

describe('rootUri', () => {
  it('is an absolute file URI ending in a slash', () => {
    assert.equal(rootUri('/home/ci/my repo'), 'file:///home/ci/my%20repo/');
    assert.equal(rootUri('/'), 'file:///');
  });
});
