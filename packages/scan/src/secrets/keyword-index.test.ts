import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mlSecretsConfig } from './config.ts';
import { KeywordIndex } from './keyword-index.ts';

describe('KeywordIndex', () => {
  it('finds the same keywords as one includes() per keyword, overlapping ones too', () => {
    const keywords = ['api', 'api_key', 'key', 'token', 'tok', 'ken', 'a.b', 'x|y', 'sk-'];
    const index = new KeywordIndex(keywords);
    const texts = [
      '',
      'api_key',
      'apikey',
      'tokens',
      'broken',
      'a.b x|y',
      'axb',
      'risk-free',
      'tok',
    ];
    for (const text of texts) {
      const want = keywords.filter((k) => text.includes(k)).sort();
      assert.deepEqual([...index.present(text)].sort(), want, text);
    }
  });

  it('agrees with includes() on the shipped keywords over generated text', () => {
    const keywords = mlSecretsConfig().rules.flatMap((r) => r.keywords);
    const index = new KeywordIndex(keywords);
    let x = 7;
    const alphabet = 'abcdefghijklmnopqrstuvwxyz_-.0123456789 =:"\n';
    const words = [...new Set(keywords)];
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let i = 0; i < 60; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        text +=
          x % 5 === 0 ? words[(x >>> 8) % words.length] : alphabet[(x >>> 8) % alphabet.length];
      }
      const want = [...new Set(keywords)].filter((k) => text.includes(k)).sort();
      assert.deepEqual([...index.present(text)].sort(), want, text);
    }
  });
});
