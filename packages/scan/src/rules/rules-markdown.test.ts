import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULES } from './index.ts';
import { rulesMarkdown } from './rules-markdown.ts';

describe('docs/rules.md', () => {
  it('matches the rule catalogue (run `npm run docs` after changing a rule)', () => {
    const onDisk = readFileSync(new URL('../../../../docs/rules.md', import.meta.url), 'utf8');
    assert.equal(onDisk, rulesMarkdown(RULES));
  });

  it('documents every rule id', () => {
    const text = rulesMarkdown(RULES);
    for (const rule of RULES) assert.ok(text.includes(`### ${rule.id}\n`), rule.id);
  });
});
