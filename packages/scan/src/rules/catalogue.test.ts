import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSeverity } from '@mlsec/core';
import { atlasTechniques } from './atlas.ts';
import { RULES } from './index.ts';

describe('the rule catalogue', () => {
  it('has unique ids of the form family/kebab-name', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/, id);
  });

  it('gives every rule a severity, title, description and fix', () => {
    for (const rule of RULES) {
      assert.ok(isSeverity(rule.severity), rule.id);
      assert.ok(rule.title.length > 3 && rule.title.length <= 80, `${rule.id} title`);
      assert.ok(rule.description.length > 20, `${rule.id} description`);
      assert.ok(rule.fix.length > 10, `${rule.id} fix`);
    }
  });

  it('uses only ATLAS technique ids that exist in ATLAS 5.6.0', () => {
    const known = atlasTechniques();
    assert.ok(known.size >= 170);
    for (const rule of RULES) {
      assert.ok(rule.atlas.length > 0, `${rule.id} has no ATLAS technique`);
      for (const id of rule.atlas) assert.ok(known.has(id), `${rule.id}: unknown ATLAS id ${id}`);
    }
  });

  it('uses well-formed CWE ids', () => {
    for (const rule of RULES)
      for (const cwe of rule.cwe ?? []) assert.match(cwe, /^CWE-\d+$/, rule.id);
  });
});
