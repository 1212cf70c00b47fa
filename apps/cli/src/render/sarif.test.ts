import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Severity } from '@mlsec/core';
import type { ScanReport } from '@mlsec/scan';
import { FINGERPRINT_KEY, MLSEC_INFORMATION_URI, renderSarif, SARIF_SCHEMA } from './sarif.ts';
import type { SarifOptions } from './sarif.ts';
import type { SarifLog, SarifResult, SarifRule } from './sarif-types.ts';
import { finding, report, rule, sampleFindings } from './testing/build-report.ts';
import { sarifValidator } from './testing/sarif-validator.ts';

const validate = sarifValidator();

/** Render, check the log against the official schema, and parse it. */
function render(input: ScanReport, options?: SarifOptions): SarifLog {
  const text = renderSarif(input, options);
  const log = JSON.parse(text) as unknown;
  assert.deepEqual(validate(log), [], 'the log validates against the SARIF 2.1.0 schema');
  return log as SarifLog;
}

const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const sample = report(sampleFindings(), {
  rules: [
    rule('pickle/dangerous-callable', 'critical', {
      cwe: ['CWE-502'],
      tags: ['pickle', 'security'],
    }),
    rule('pickle/unknown-global', 'high'),
    rule('config/insecure-setting', 'medium', { atlas: [] }),
    rule('notebook/shell-command', 'low'),
    rule('hf/config-pointer', 'info'),
  ],
});
const log = render(sample);
const run = log.runs[0];
const rules = run.tool.driver.rules;
const results = run.results;

function resultFor(ruleId: string): SarifResult {
  const found = results.find((r) => r.ruleId === ruleId);
  assert.ok(found, ruleId);
  return found;
}

function ruleFor(id: string): SarifRule {
  const found = rules.find((r) => r.id === id);
  assert.ok(found, id);
  return found;
}

describe('renderSarif', () => {
  describe('the log', () => {
    it('names the schema and version and has one run', () => {
      assert.equal(log.$schema, SARIF_SCHEMA);
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
    });

    it('describes the tool', () => {
      assert.equal(run.tool.driver.name, 'mlsec');
      assert.equal(run.tool.driver.version, '0.1.0');
      assert.equal(run.tool.driver.informationUri, MLSEC_INFORMATION_URI);
    });

    it('is byte-identical for the same report, whatever the duration', () => {
      const slower = { ...sample, stats: { ...sample.stats, durationMs: 98_765 } };
      assert.equal(renderSarif(slower), renderSarif(sample));
      assert.ok(renderSarif(sample).endsWith('}\n'));
    });

    it('names no machine-specific root unless asked', () => {
      assert.equal(run.originalUriBaseIds, undefined);
      const rooted = render(sample, { srcRoot: '/home/ci/repo' }).runs[0];
      assert.deepEqual(rooted.originalUriBaseIds, {
        '%SRCROOT%': { uri: 'file:///home/ci/repo/' },
      });
    });

    it('records targets and counts in the run properties', () => {
      assert.deepEqual(run.properties, {
        targets: ['.'],
        files: 12,
        bytes: 3_456_789,
        artifacts: 15,
      });
    });
  });

  describe('the rules', () => {
    it('lists each rule once, sorted by id', () => {
      assert.deepEqual(
        rules.map((r) => r.id),
        sample.rules.map((r) => r.id).sort(),
      );
    });

    it('does not depend on the order the scan listed rules in', () => {
      const reversed = { ...sample, rules: [...sample.rules].reverse() };
      assert.equal(renderSarif(reversed), renderSarif(sample));
    });

    it('names each rule in PascalCase and describes it from the catalogue', () => {
      const r = ruleFor('pickle/dangerous-callable');
      assert.equal(r.name, 'PickleDangerousCallable');
      assert.deepEqual(r.shortDescription, { text: 'Title of pickle/dangerous-callable' });
      assert.deepEqual(r.fullDescription, { text: 'What pickle/dangerous-callable means.' });
      assert.equal(r.help.text, 'How to fix pickle/dangerous-callable.');
    });

    it('links ATLAS and CWE in the markdown help', () => {
      const markdown = ruleFor('pickle/dangerous-callable').help.markdown ?? '';
      assert.match(markdown, /\*\*Fix:\*\* How to fix/);
      assert.match(
        markdown,
        /\[AML\.T0011\.000\]\(https:\/\/atlas\.mitre\.org\/techniques\/AML\.T0011\.000\)/,
      );
      assert.match(
        markdown,
        /\[CWE-502\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/502\.html\)/,
      );
    });

    it('tags security, family, ATLAS ids and CWE, each once', () => {
      assert.deepEqual(ruleFor('pickle/dangerous-callable').properties.tags, [
        'security',
        'pickle',
        'AML.T0011.000',
        'external/cwe/cwe-502',
      ]);
      assert.deepEqual(ruleFor('config/insecure-setting').properties.tags, ['security', 'config']);
    });

    it("sets GitHub's security-severity inside its bands, none for info", () => {
      const expected = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: undefined };
      for (const r of rules) {
        const severity = sample.rules.find((d) => d.id === r.id)?.severity ?? 'info';
        assert.equal(r.properties['security-severity'], expected[severity], r.id);
      }
    });

    it('maps the default severity to a level', () => {
      assert.deepEqual(
        severities.map(
          (s) =>
            rules.find((r) => sample.rules.find((d) => d.id === r.id)?.severity === s)
              ?.defaultConfiguration.level,
        ),
        ['error', 'error', 'warning', 'note', 'note'],
      );
    });
  });

  describe('the results', () => {
    it('has one result per finding, in report order, pointing at its rule', () => {
      assert.deepEqual(
        results.map((r) => r.ruleId),
        sample.findings.map((f) => f.ruleId),
      );
      for (const r of results) assert.equal(rules[r.ruleIndex]?.id, r.ruleId);
    });

    it('maps critical and high to error, medium to warning, low and info to note', () => {
      assert.deepEqual(
        results.map((r) => r.level),
        ['error', 'error', 'warning', 'note', 'note'],
      );
    });

    it('carries the fingerprint', () => {
      sample.findings.forEach((f, i) => {
        assert.equal(results[i]?.partialFingerprints[FINGERPRINT_KEY], f.fingerprint);
        assert.equal(results[i]?.partialFingerprints['primaryLocationLineHash'], f.fingerprint);
      });
    });

    describe('when the finding is inside an archive at a byte offset', () => {
      const r = resultFor('pickle/dangerous-callable');

      it('locates the file on disk relative to %SRCROOT% with a binary region', () => {
        assert.deepEqual(r.locations[0].physicalLocation, {
          artifactLocation: { uri: 'release.tar.gz', uriBaseId: '%SRCROOT%' },
          region: { byteOffset: 418 },
        });
      });

      it('appends the member chain and offset to the message', () => {
        assert.equal(
          r.message.text,
          'Pickle calls posix.system when loaded (in model/pytorch_model.bin › archive/data.pkl, at byte 418).',
        );
      });

      it('puts members, evidence, ATLAS and CWE in the properties', () => {
        assert.deepEqual(r.properties, {
          severity: 'critical',
          member: ['model/pytorch_model.bin', 'archive/data.pkl'],
          offset: 418,
          evidence: { global: 'posix.system', opcode: 'REDUCE' },
          atlas: ['AML.T0011.000', 'AML.T0010.003'],
          cwe: ['CWE-502'],
        });
      });
    });

    describe('when the finding has a line and column', () => {
      it('gives a textual region and declares UTF-16 columns', () => {
        assert.deepEqual(
          resultFor('config/insecure-setting').locations[0].physicalLocation.region,
          {
            startLine: 12,
            startColumn: 5,
          },
        );
        assert.equal(run.columnKind, 'utf16CodeUnits');
      });
    });

    describe('when the finding is in a notebook cell or at a JSON pointer', () => {
      it('says where in the message and the properties', () => {
        const cell = resultFor('notebook/shell-command');
        assert.equal(cell.message.text, 'Notebook runs a shell command (cell 3 line 2).');
        assert.equal(cell.properties['cell'], 3);
        // Lines count within the cell, not the .ipynb file, so no region points into the JSON.
        assert.equal(cell.locations[0].physicalLocation.region, undefined);
        const pointer = resultFor('hf/config-pointer');
        assert.equal(pointer.message.text, 'Config names a custom class (at /auto_map/AutoModel).');
        assert.equal(pointer.locations[0].physicalLocation.region, undefined);
      });
    });

    describe('when text comes from a hostile artifact', () => {
      const r = resultFor('pickle/unknown-global');

      it('escapes control and bidi characters in the message', () => {
        assert.equal(
          r.message.text,
          'Pickle imports \\u001b[31mevil\\u001b[0m.\\nthing from an unknown module (at byte 0).',
        );
      });

      it('keeps raw values in the properties and percent-encodes the path', () => {
        assert.deepEqual(r.properties['evidence'], { global: 'evil\u202e.thing' });
        assert.equal(
          r.locations[0].physicalLocation.artifactLocation.uri,
          'models/%E6%A8%A1%E5%9E%8B%20weights.pkl',
        );
      });

      it('escapes brackets so a member name cannot plant a link in the alert', () => {
        const planted = finding({
          message: 'Bad \\] pickle.',
          location: { path: 'a.zip', member: ['[click](https://evil.example)'] },
        });
        const text = render(report([planted])).runs[0].results[0]?.message.text;
        assert.equal(text, 'Bad \\\\\\] pickle (in \\[click\\](https://evil.example)).');
      });

      it('leaves brackets alone when they cannot form a link', () => {
        const text = render(report([finding({ message: 'Reads x[0] and y[1].' })])).runs[0]
          .results[0]?.message.text;
        assert.equal(text, 'Reads x[0] and y[1].');
      });

      it('keeps printable Unicode in messages', () => {
        assert.match(resultFor('config/insecure-setting').message.text, /café-模型 🚀/);
      });
    });
  });

  describe('when there are no findings', () => {
    it('writes a valid run with no rules and no results', () => {
      const empty = render(report([])).runs[0];
      assert.deepEqual(empty.results, []);
      assert.deepEqual(empty.tool.driver.rules, []);
      assert.equal(empty.columnKind, undefined);
    });
  });

  describe('when a finding uses a rule the report does not describe', () => {
    it('adds a stand-in rule so the log stays valid', () => {
      const orphan = finding({ ruleId: 'x/unknown', severity: 'medium' });
      const out = render(report([orphan], { rules: [] })).runs[0];
      assert.equal(out.tool.driver.rules[0]?.id, 'x/unknown');
      assert.equal(out.results[0]?.ruleIndex, 0);
    });
  });

  describe('when the report lists a rule twice', () => {
    it('keeps the first', () => {
      const twice = report([finding()], {
        rules: [
          rule('pickle/dangerous-callable', 'critical'),
          rule('pickle/dangerous-callable', 'low'),
        ],
      });
      const out = render(twice).runs[0];
      assert.equal(out.tool.driver.rules.length, 1);
      assert.equal(out.tool.driver.rules[0]?.defaultConfiguration.level, 'error');
    });
  });

  describe('when there are more findings than GitHub accepts', () => {
    const many = report(
      [
        finding({ severity: 'low', location: { path: 'a' } }),
        finding({ severity: 'critical', location: { path: 'b' } }),
        finding({ severity: 'medium', location: { path: 'c' } }),
      ],
      { rules: [rule('pickle/dangerous-callable', 'critical')] },
    );
    const out = render(many, { maxResults: 2 }).runs[0];

    it('keeps the most severe', () => {
      assert.deepEqual(
        out.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri),
        ['b', 'c'],
      );
    });

    it('says how many were left out', () => {
      assert.equal(out.properties['omittedResults'], 1);
      assert.match(
        out.invocations?.[0]?.toolExecutionNotifications[0]?.message.text ?? '',
        /^1 less severe/,
      );
    });
  });

  describe("GitHub code scanning's requirements", () => {
    const big = render(
      report(
        [
          finding({ ruleId: 'x/many-tags', message: '', location: { path: 'p' } }),
          ...sampleFindings(),
        ],
        {
          rules: [
            rule('x/many-tags', 'high', {
              description: 'd'.repeat(5000),
              atlas: Array.from({ length: 30 }, (_, i) => `AML.T00${10 + i}`),
            }),
          ],
        },
      ),
    ).runs[0];

    it('keeps rule text within limits and at most 20 tags', () => {
      for (const r of big.tool.driver.rules) {
        assert.ok(r.name.length <= 255 && r.name !== '');
        assert.ok(r.shortDescription.text !== '' && r.shortDescription.text.length <= 1024);
        assert.ok(r.fullDescription.text !== '' && r.fullDescription.text.length <= 1024);
        assert.ok(r.help.text !== '');
        assert.ok(r.properties.tags.length <= 20);
      }
    });

    it('gives every result a message and one location', () => {
      for (const r of big.results) {
        assert.ok(r.message.text !== '');
        assert.equal(r.locations.length, 1);
      }
      assert.equal(big.results[0]?.message.text, 'x/many-tags');
    });
  });
});
