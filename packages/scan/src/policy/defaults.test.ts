import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DENY_CATEGORIES, isDenyCategory } from './categories.ts';
import { createPolicy } from './create-policy.ts';
import {
  CONFIG_MODULE_EXCLUSIONS,
  DEFAULT_ALLOWLIST,
  DEFAULT_CONFIG_MODULES,
  DEFAULT_DENYLIST,
} from './defaults.ts';
import { parsePattern } from './pattern.ts';
import { ALLOW_SYNTAX, CONFIG_SYNTAX, DENY_SYNTAX, MAX_REASON_LENGTH } from './policy-options.ts';

const policy = createPolicy();

describe('the default lists', () => {
  it('hold only valid patterns, already in canonical form', () => {
    const check = (text: string, syntax: typeof ALLOW_SYNTAX): void => {
      const parsed = parsePattern(text, syntax);
      assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.error}`);
      assert.equal(parsed.pattern.text, text, 'write default patterns in canonical form');
    };
    for (const text of DEFAULT_ALLOWLIST) check(text, ALLOW_SYNTAX);
    for (const entry of DEFAULT_DENYLIST) check(entry.pattern, DENY_SYNTAX);
    for (const text of [...DEFAULT_CONFIG_MODULES, ...CONFIG_MODULE_EXCLUSIONS])
      check(text, CONFIG_SYNTAX);
  });

  it('name every pattern once', () => {
    const duplicates = (list: readonly string[]): string[] =>
      list.filter((item, i) => list.indexOf(item) !== i);
    assert.deepEqual(duplicates(DEFAULT_ALLOWLIST), []);
    assert.deepEqual(duplicates(DEFAULT_DENYLIST.map((entry) => entry.pattern)), []);
  });

  it('give every deny entry a built-in category and a short reason', () => {
    for (const entry of DEFAULT_DENYLIST) {
      assert.ok(isDenyCategory(entry.category), `${entry.pattern}: ${entry.category}`);
      assert.ok(
        entry.reason.length > 10 && entry.reason.length <= MAX_REASON_LENGTH,
        entry.pattern,
      );
    }
  });

  it('use every built-in category except the one reserved for policy files', () => {
    const used = new Set(DEFAULT_DENYLIST.map((entry) => entry.category));
    for (const id of Object.keys(DENY_CATEGORIES)) {
      if (id !== 'user-policy') assert.ok(used.has(id), `no default entry in ${id}`);
    }
  });

  it('have no allowlisted entry that the denylist also matches', () => {
    for (const text of DEFAULT_ALLOWLIST) {
      const parsed = parsePattern(text, ALLOW_SYNTAX);
      assert.ok(parsed.ok);
      const path = [...parsed.pattern.path];
      if (parsed.pattern.wildcard) {
        // A wildcard allow must not sit inside a deny wildcard (narrower deny carve-outs are fine).
        const probe = policy.classifyGlobal(path.join('.'), 'Probe');
        assert.notEqual(probe.kind, 'dangerous', `${text} lies inside a denied module`);
      } else {
        const name = path.pop() ?? '';
        const verdict = policy.classifyGlobal(path.join('.'), name);
        assert.equal(verdict.kind, 'allowed', `${text}: ${JSON.stringify(verdict)}`);
      }
    }
  });

  it('allow exact names or class wildcards, never a whole module', () => {
    for (const text of DEFAULT_ALLOWLIST) {
      if (text.endsWith('.*')) assert.fail(`${text} allows a whole module`);
    }
  });
});
