import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atlasTechniques } from './atlas.ts';
import { PICKLE_RULES } from './pickle.ts';

function rule(id: string): (typeof PICKLE_RULES)[number] {
  const found = PICKLE_RULES.find((r) => r.id === id);
  assert.ok(found, `missing rule ${id}`);
  return found;
}

describe('PICKLE_RULES', () => {
  it('defines the rules the pickle detector reports, with their severities', () => {
    const expected = {
      'pickle/dangerous-callable': 'critical',
      'pickle/dangerous-import': 'high',
      'pickle/unknown-global': 'medium',
      'pickle/extension-code': 'high',
      'pickle/trailing-data': 'high',
      'pickle/multiple-pickles': 'medium',
      'pickle/nested-pickle': 'high',
      'pickle/unparseable': 'high',
      'pickle/too-large': 'high',
    };
    assert.deepEqual(Object.fromEntries(PICKLE_RULES.map((r) => [r.id, r.severity])), expected);
  });

  it('fills title, description and fix within the catalogue bounds', () => {
    for (const r of PICKLE_RULES) {
      assert.match(r.id, /^pickle\/[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.title.length > 3 && r.title.length <= 80, `${r.id} title`);
      assert.ok(r.description.length > 20 && r.description.length <= 1024, `${r.id} description`);
      assert.ok(r.fix.length > 10, `${r.id} fix`);
    }
  });

  it('maps every rule to existing ATLAS techniques and well-formed CWE ids', () => {
    const known = atlasTechniques();
    for (const r of PICKLE_RULES) {
      assert.ok(r.atlas.length > 0, r.id);
      for (const id of r.atlas) assert.ok(known.has(id), `${r.id}: ${id}`);
      for (const cwe of r.cwe ?? []) assert.match(cwe, /^CWE-\d+$/, r.id);
    }
  });

  it('classifies the global rules as deserialization of untrusted data', () => {
    for (const id of [
      'pickle/dangerous-callable',
      'pickle/dangerous-import',
      'pickle/unknown-global',
    ]) {
      assert.ok(rule(id).cwe?.includes('CWE-502'), id);
    }
  });
});
