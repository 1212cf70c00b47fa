import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DENY_CATEGORIES } from './categories.ts';
import { DEFAULT_ALLOWLIST, DEFAULT_DENYLIST } from './defaults.ts';
import { policyListsMarkdown, updatePolicyMarkdown } from './policy-markdown.ts';

const DOC = new URL('../../../../docs/policy.md', import.meta.url);

describe('docs/policy.md', () => {
  it('holds the default lists as the code defines them (regenerate with updatePolicyMarkdown)', () => {
    const onDisk = readFileSync(DOC, 'utf8');
    assert.equal(onDisk, updatePolicyMarkdown(onDisk));
  });

  it('documents every category', () => {
    const onDisk = readFileSync(DOC, 'utf8');
    for (const id of Object.keys(DENY_CATEGORIES)) assert.ok(onDisk.includes(`| \`${id}\` |`), id);
  });
});

describe('policyListsMarkdown', () => {
  it('lists every default pattern', () => {
    const markdown = policyListsMarkdown();
    for (const text of DEFAULT_ALLOWLIST) assert.ok(markdown.includes(`\`${text}\``), text);
    for (const entry of DEFAULT_DENYLIST)
      assert.ok(markdown.includes(`\`${entry.pattern}\``), entry.pattern);
  });

  it('refuses a document without the generated-block markers', () => {
    assert.throws(() => updatePolicyMarkdown('# no markers\n'), /markers/);
  });
});
