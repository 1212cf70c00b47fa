import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSecretsConfig } from './config.ts';
import { defaultSecretsConfig } from './config.ts';
import { detectSecrets } from './detect.ts';
import { fingerprintSecret, maskSecret, shannonEntropy } from './secret-text.ts';

// Fake tokens are assembled at run time so this file does not look like it holds credentials.
const FAKE = ['Zq7', 'Xw2', 'Lm9', 'Pk4', 'Rt8', 'Vb3'].join('');
const rule = (extra = ''): string =>
  `[[rules]]\nid = "demo"\ndescription = "Demo token"\nregex = '''(?i)\\b(dmo_[a-z0-9]{18})\\b'''\nkeywords = ["dmo_"]\n${extra}`;
const token = `dmo_${FAKE}`;
const opts = { salt: 'salt-1', path: 'src/app.py' };

describe('detectSecrets', () => {
  it('reports rule, description, position, masked secret and salted fingerprint', () => {
    const config = parseSecretsConfig(rule());
    const found = detectSecrets(`x = 1\n  key = "${token}"\n`, config, opts);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0], {
      ruleId: 'demo',
      description: 'Demo token',
      tags: [],
      startLine: 2,
      startColumn: 10,
      endLine: 2,
      endColumn: 9 + token.length,
      secretLine: 2,
      secretColumn: 10,
      secretStart: 15,
      secretEnd: 15 + token.length,
      masked: 'dmo_…',
      fingerprint: fingerprintSecret(token, 'salt-1'),
    });
    assert.notEqual(found[0].fingerprint, fingerprintSecret(token, 'salt-2'));
  });

  it('never returns the full secret in any field', () => {
    const text = [
      `a = "${token}"`,
      `gh = "ghp_${FAKE}${FAKE}"`,
      `aws = "AKIA${'QWERTYUIOPASDFGH'}"`,
      `password = "${FAKE}q1w2e3"`,
    ].join('\n');
    const secrets = [token, `ghp_${FAKE}${FAKE}`, 'AKIAQWERTYUIOPASDFGH', FAKE];
    const found = detectSecrets(text, defaultSecretsConfig(), { salt: 's', path: 'x.py' });
    assert.ok(found.length >= 2, JSON.stringify(found));
    const json = JSON.stringify(found);
    for (const secret of secrets) assert.equal(json.includes(secret), false, secret);
  });

  it('skips a rule whose keywords are absent, case-insensitively', () => {
    const config = parseSecretsConfig(
      `[[rules]]\nid = "k"\nregex = '[0-9]{6}'\nkeywords = ["PIN"]\n`,
    );
    assert.equal(detectSecrets('code 123456', config, opts).length, 0);
    assert.equal(detectSecrets('Pin: 123456', config, opts).length, 1);
  });

  it('drops secrets at or below the entropy threshold', () => {
    const config = parseSecretsConfig(
      `[[rules]]\nid = "e"\nregex = 'k=([a-z0-9]{8})'\nentropy = 2.5\n`,
    );
    assert.equal(shannonEntropy('aaaabbbb'), 1);
    assert.equal(detectSecrets('k=aaaabbbb', config, opts).length, 0);
    const found = detectSecrets('k=a1b2c3d4', config, opts);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.entropy, 3);
  });

  it('takes secretGroup when set and the first non-empty group otherwise', () => {
    const config = parseSecretsConfig(
      `[[rules]]\nid = "g"\nregex = '(x)?(user)=([a-z]+)'\nsecretGroup = 3\n[[rules]]\nid = "f"\nregex = '(x)?(user)=([a-z]+)'\n`,
    );
    const found = detectSecrets('user=hunterhunter', config, opts);
    assert.equal(
      found.find((f) => f.ruleId === 'g')!.fingerprint,
      fingerprintSecret('hunterhunter', 'salt-1'),
    );
    assert.equal(
      found.find((f) => f.ruleId === 'f')!.fingerprint,
      fingerprintSecret('user', 'salt-1'),
    );
  });

  describe('allowlists', () => {
    const cases: [string, string, number][] = [
      [
        'stopwords in the secret',
        `[[rules.allowlists]]\nstopwords = ["${FAKE.slice(3, 9).toUpperCase()}"]`,
        0,
      ],
      ['regexes on the secret', `[[rules.allowlists]]\nregexes = ['(?i)^dmo_zq7']`, 0],
      [
        'regexes that miss the secret',
        `[[rules.allowlists]]\nregexTarget = "secret"\nregexes = ['^"']`,
        1,
      ],
      [
        'regexes on the line',
        `[[rules.allowlists]]\nregexTarget = "line"\nregexes = ['^\\s*#']`,
        0,
      ],
      ['paths', `[[rules.allowlists]]\npaths = ['^src/']`, 0],
      ['paths that do not match', `[[rules.allowlists]]\npaths = ['^tests/']`, 1],
      [
        'AND with one criterion failing',
        `[[rules.allowlists]]\ncondition = "AND"\npaths = ['^src/']\nstopwords = ["nope"]`,
        1,
      ],
      [
        'AND with both criteria matching',
        `[[rules.allowlists]]\ncondition = "AND"\npaths = ['^src/']\nstopwords = ["zq7"]`,
        0,
      ],
      ['commits', `[[rules.allowlists]]\ncommits = ["abc123"]`, 0],
    ];
    for (const [what, extra, expected] of cases) {
      it(`applies ${what}`, () => {
        const config = parseSecretsConfig(rule(extra));
        const found = detectSecrets(`  # "${token}"`, config, { ...opts, commit: 'abc123' });
        assert.equal(found.length, expected);
      });
    }

    it('applies a global allowlist to every rule', () => {
      const config = parseSecretsConfig(
        `${rule()}[allowlist]\nregexTarget = "match"\nregexes = ['^dmo_']\n`,
      );
      assert.equal(detectSecrets(token, config, opts).length, 0);
    });

    it('honours gitleaks:allow on the line unless told not to', () => {
      const config = parseSecretsConfig(rule());
      const text = `k = "${token}" # gitleaks:allow`;
      assert.equal(detectSecrets(text, config, opts).length, 0);
      assert.equal(detectSecrets(text, config, { ...opts, inlineAllow: false }).length, 1);
    });
  });

  it('flags a file by path alone for a path-only rule', () => {
    const config = parseSecretsConfig(`[[rules]]\nid = "p12"\npath = '''(?i)\\.p(?:fx|12)$'''\n`);
    assert.equal(detectSecrets('', config, { salt: 's', path: 'certs/x.P12' })[0]?.fileOnly, true);
    assert.equal(detectSecrets('', config, { salt: 's', path: 'certs/x.pem' }).length, 0);
  });

  it('runs a path-scoped regex rule only on matching paths', () => {
    const config = parseSecretsConfig(rule(`path = '''\\.env$'''\n`));
    assert.equal(detectSecrets(token, config, { salt: 's', path: 'app/.env' }).length, 1);
    assert.equal(detectSecrets(token, config, { salt: 's', path: 'app/main.py' }).length, 0);
  });

  it('stays fast on a hostile text for a user rule with an unbounded repeat', () => {
    const config = parseSecretsConfig(`[[rules]]\nid = "u"\nregex = 'key[^x]*end'\n`);
    assert.deepEqual(detectSecrets('key'.repeat(30_000), config, opts), []);
  });
});

describe('maskSecret', () => {
  it('shows at most four characters and at most a quarter of the secret', () => {
    assert.equal(maskSecret('abcdefghijklmnopqrst'), 'abcd…');
    assert.equal(maskSecret('abcdefgh'), 'ab…');
    assert.equal(maskSecret('abc'), '…');
  });
});
