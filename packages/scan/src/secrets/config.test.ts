import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import {
  defaultSecretsConfig,
  loadSecretsConfig,
  mlSecretsConfig,
  parseSecretsConfig,
} from './config.ts';
import { detectSecrets } from './detect.ts';

function rejects(code: string, pattern: RegExp): (error: unknown) => boolean {
  return (error) => isMlsecError(error) && error.code === code && pattern.test(error.message);
}

describe('defaultSecretsConfig', () => {
  it('loads all 222 shipped rules with the global allowlist', () => {
    const config = defaultSecretsConfig();
    assert.equal(config.rules.length, 222);
    assert.ok(config.allowlists.length >= 1);
    assert.ok(config.allowlists[0]!.paths.length > 10);
    assert.equal(config.rules.find((r) => r.id === 'sonar-api-token')?.secretGroup, 2);
    assert.ok(config.rules.find((r) => r.id === 'pkcs12-file')?.path);
  });

  it('runs every rule, on both engines, over a text holding all its keywords without throwing', () => {
    for (const engine of ['auto', 're2js'] as const) {
      const config = defaultSecretsConfig({ engine });
      for (const rule of config.rules) {
        const text = `${rule.keywords.join(' = "x1y2z3" ')} key = "abcd1234EFGH5678ijkl"\n`;
        const one = { ...config, rules: [rule] };
        assert.ok(Array.isArray(detectSecrets(text, one, { salt: 't', path: 'a/b.txt' })), rule.id);
      }
    }
  });
});

describe('parseSecretsConfig', () => {
  it('reads rules, the old single [rules.allowlist] and [[allowlists]] with targetRules', () => {
    const config = parseSecretsConfig(`
title = "t"
[[rules]]
id = "r1"
regex = '''(?i)tok_([a-z0-9]{8})'''
keywords = ["TOK_"]
tags = ["x"]
[rules.allowlist]
stopwords = ["EXAMPLE"]
[[rules]]
id = "r2"
regex = 'b'
[[allowlists]]
targetRules = ["r2"]
regexes = ['^b$']
`);
    assert.equal(config.title, 't');
    assert.deepEqual(config.rules[0]!.keywords, ['tok_']);
    assert.deepEqual(config.rules[0]!.allowlists[0]!.stopwords, ['example']);
    assert.equal(config.allowlists.length, 0);
    assert.equal(config.rules[1]!.allowlists.length, 1);
  });

  const bad: [string, string, string, RegExp][] = [
    ['not TOML', 'rules = [', 'SCAN_SECRETS_CONFIG_INVALID', /TOML/],
    ['a rule without id', '[[rules]]\nregex = "a"', 'SCAN_SECRETS_CONFIG_INVALID', /id is missing/],
    [
      'a rule with no regex or path',
      '[[rules]]\nid = "x"',
      'SCAN_SECRETS_CONFIG_INVALID',
      /neither/,
    ],
    [
      'a duplicate id',
      '[[rules]]\nid="x"\nregex="a"\n[[rules]]\nid="x"\nregex="b"',
      'SCAN_SECRETS_CONFIG_INVALID',
      /twice/,
    ],
    [
      'keywords not strings',
      '[[rules]]\nid="x"\nregex="a"\nkeywords=[1]',
      'SCAN_SECRETS_CONFIG_INVALID',
      /keywords/,
    ],
    [
      'a negative entropy',
      '[[rules]]\nid="x"\nregex="a"\nentropy=-1',
      'SCAN_SECRETS_CONFIG_INVALID',
      /entropy/,
    ],
    [
      'a secretGroup past the groups',
      '[[rules]]\nid="x"\nregex="(a)"\nsecretGroup=2',
      'SCAN_SECRETS_CONFIG_INVALID',
      /1 groups/,
    ],
    [
      'a bad condition',
      '[[rules]]\nid="x"\nregex="a"\n[[rules.allowlists]]\ncondition="XOR"\nstopwords=["a"]',
      'SCAN_SECRETS_CONFIG_INVALID',
      /OR or AND/,
    ],
    [
      'an empty allowlist',
      '[allowlist]\ndescription="nothing"',
      'SCAN_SECRETS_CONFIG_INVALID',
      /no regexes/,
    ],
    [
      'a bad regex',
      "[[rules]]\nid='x'\nregex='a(b'",
      'SCAN_SECRETS_REGEX_INVALID',
      /rule x: regex/,
    ],
    ['look-behind', "[[rules]]\nid='x'\nregex='(?<=a)b'", 'SCAN_SECRETS_REGEX_INVALID', /rule x/],
    [
      'a huge repeat',
      "[[rules]]\nid='x'\nregex='(a{1000}){1000}'",
      'SCAN_SECRETS_REGEX_INVALID',
      /repeat/,
    ],
    [
      'an over-long regex',
      `[[rules]]\nid='x'\nregex='${'a'.repeat(20_000)}'`,
      'SCAN_SECRETS_REGEX_INVALID',
      /over 10000/,
    ],
    [
      'a bad allowlist regex',
      "[allowlist]\nregexes=['[z-a]']",
      'SCAN_SECRETS_REGEX_INVALID',
      /allowlists\[0\]\.regexes\[0\]/,
    ],
    [
      'extend.path without a file',
      '[extend]\npath="base.toml"',
      'SCAN_SECRETS_EXTEND_FAILED',
      /loadSecretsConfig/,
    ],
  ];
  for (const [what, text, code, message] of bad) {
    it(`rejects ${what} with ${code}`, () => {
      assert.throws(() => parseSecretsConfig(text, 'user.toml'), rejects(code, message));
    });
  }

  it('keeps error messages short even for a huge bad regex', () => {
    try {
      parseSecretsConfig(`[[rules]]\nid='x'\nregex='(${'a'.repeat(9000)}'`);
      assert.fail('should throw');
    } catch (error) {
      assert.ok(isMlsecError(error) && error.message.length < 400, String(error));
    }
  });

  it('[extend] useDefault keeps the shipped rules (gitleaks and ML pack), drops disabledRules and merges a same-id rule', () => {
    const config = parseSecretsConfig(`
[extend]
useDefault = true
disabledRules = ["generic-api-key", "github-pat"]
[[rules]]
id = "github-fine-grained-pat"
description = "overridden"
[[rules.allowlists]]
stopwords = ["fixture"]
[[rules]]
id = "mine"
regex = 'mine_[0-9]{4}'
`);
    const ids = new Set(config.rules.map((r) => r.id));
    assert.equal(ids.has('generic-api-key'), false);
    assert.equal(ids.has('github-pat'), false);
    assert.equal(ids.has('aws-access-token'), true);
    assert.equal(ids.has('wandb-api-key'), true);
    assert.equal(config.rules.length, mlSecretsConfig().rules.length - 2 + 1);
    const merged = config.rules.find((r) => r.id === 'github-fine-grained-pat')!;
    assert.equal(merged.description, 'overridden');
    assert.ok(merged.regex, 'keeps the default regex');
    assert.deepEqual(merged.allowlists.at(-1)!.stopwords, ['fixture']);
    assert.ok(config.allowlists.length >= 1, 'keeps the default global allowlist');
  });
});

describe('loadSecretsConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlsec-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows [extend] path relative to the file, two levels deep', async () => {
    writeFileSync(join(dir, 'base.toml'), "[[rules]]\nid='base'\nregex='base_[0-9]{3}'\n");
    writeFileSync(
      join(dir, 'mid.toml'),
      "[extend]\npath='base.toml'\n[[rules]]\nid='mid'\nregex='mid_[0-9]{3}'\n",
    );
    writeFileSync(
      join(dir, 'top.toml'),
      "[extend]\npath='mid.toml'\ndisabledRules=['base']\n[[rules]]\nid='top'\nregex='top'\n",
    );
    const mid = await loadSecretsConfig(join(dir, 'mid.toml'));
    assert.deepEqual(
      mid.rules.map((r) => r.id),
      ['base', 'mid'],
    );
    const top = await loadSecretsConfig(join(dir, 'top.toml'));
    assert.deepEqual(
      top.rules.map((r) => r.id),
      ['mid', 'top'],
    );
  });

  it('refuses a third level of [extend] and a missing file', async () => {
    writeFileSync(join(dir, 'deep.toml'), "[extend]\npath='top.toml'\n");
    await assert.rejects(
      loadSecretsConfig(join(dir, 'deep.toml')),
      rejects('SCAN_SECRETS_EXTEND_FAILED', /deeper/),
    );
    writeFileSync(join(dir, 'dangling.toml'), "[extend]\npath='nope.toml'\n");
    await assert.rejects(
      loadSecretsConfig(join(dir, 'dangling.toml')),
      rejects('SCAN_SECRETS_EXTEND_FAILED', /does not exist/),
    );
    await assert.rejects(
      loadSecretsConfig(join(dir, 'absent.toml')),
      rejects('SCAN_SECRETS_CONFIG_INVALID', /does not exist/),
    );
  });
});
