import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUri, isUriReference, sarifValidator } from './sarif-validator.ts';

const validate = sarifValidator();

function logWith(result: object): object {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'mlsec' } }, results: [result] }] };
}

describe('sarifValidator', () => {
  it('accepts a minimal log', () => {
    assert.deepEqual(validate(logWith({ message: { text: 'm' } })), []);
  });

  describe('when the log breaks the schema', () => {
    it('reports an unknown level', () => {
      assert.notDeepEqual(validate(logWith({ message: { text: 'm' }, level: 'critical' })), []);
    });

    it('reports a missing message', () => {
      assert.notDeepEqual(validate(logWith({ ruleId: 'x' })), []);
    });

    it('reports a byte offset below -1 and a zero line', () => {
      const at = (region: object): object =>
        logWith({
          message: { text: 'm' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region } }],
        });
      assert.notDeepEqual(validate(at({ byteOffset: -2 })), []);
      assert.notDeepEqual(validate(at({ startLine: 0 })), []);
    });

    it('reports an artifact URI that is not a URI reference', () => {
      const log = logWith({
        message: { text: 'm' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'a b/模型' } } }],
      });
      assert.notDeepEqual(validate(log), []);
    });

    it('reports duplicate tags', () => {
      const log = {
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: { name: 'mlsec', rules: [{ id: 'r', properties: { tags: ['a', 'a'] } }] },
            },
          },
        ],
      };
      assert.notDeepEqual(validate(log), []);
    });
  });
});

describe('URI formats', () => {
  it('tells absolute URIs from relative references', () => {
    assert.ok(isUri('file:///a/b%20c'));
    assert.equal(isUri('a/b'), false);
    assert.ok(isUriReference('a/b%20c'));
    assert.ok(isUriReference('../x'));
  });

  it('rejects spaces, raw Unicode, bad escapes and a colon in the first relative segment', () => {
    for (const bad of ['a b', '模型', 'a%zz', 'a:b/c'.replace('a:', '1:'), '%']) {
      assert.equal(isUriReference(bad), false, bad);
    }
  });
});
