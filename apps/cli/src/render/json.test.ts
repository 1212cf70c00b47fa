import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '@mlsec/core';
import { renderJson } from './json.ts';
import type { JsonReport } from './json.ts';
import { finding, report, rule, sampleFindings } from './testing/build-report.ts';

function parse(text: string): JsonReport {
  return JSON.parse(text) as JsonReport;
}

describe('renderJson', () => {
  describe('when findings of every kind are rendered', () => {
    const input = report(sampleFindings(), {
      targets: ['models', './release.tar.gz'],
      rules: [
        rule('pickle/dangerous-callable', 'critical', { cwe: ['CWE-502'], tags: ['pickle'] }),
      ],
    });
    const text = renderJson(input);
    const doc = parse(text);

    it('is pretty-printed and ends with a newline', () => {
      assert.ok(text.startsWith('{\n  "version": 1,\n  "tool": {\n'));
      assert.ok(text.endsWith('}\n'));
    });

    it('has the documented top-level fields, in order', () => {
      assert.deepEqual(Object.keys(doc), [
        'version',
        'tool',
        'targets',
        'stats',
        'findings',
        'rules',
      ]);
      assert.deepEqual(doc.tool, { name: 'mlsec', version: '0.1.0' });
      assert.deepEqual(doc.targets, ['models', './release.tar.gz']);
      assert.deepEqual(doc.stats, input.stats);
    });

    it('round-trips every finding exactly, fingerprint included', () => {
      assert.deepEqual(doc.findings, input.findings);
      for (const f of doc.findings) assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
    });

    it('round-trips the rules', () => {
      assert.deepEqual(doc.rules, input.rules);
    });

    it('keeps untrusted strings intact: control characters escaped by JSON, Unicode as is', () => {
      assert.match(text, /Pickle imports \\u001b\[31mevil\\u001b\[0m\.\\nthing/);
      assert.match(text, /models\/模型 weights\.pkl/);
      assert.equal(
        [...text].some((ch) => ch !== '\n' && (ch.codePointAt(0) ?? 0) < 0x20),
        false,
      );
    });

    it('writes finding keys in a fixed order', () => {
      assert.deepEqual(Object.keys(doc.findings[0] ?? {}), [
        'ruleId',
        'severity',
        'message',
        'location',
        'evidence',
        'atlas',
        'cwe',
        'fingerprint',
      ]);
      assert.deepEqual(Object.keys(doc.findings[0]?.location ?? {}), ['path', 'member', 'offset']);
    });
  });

  describe('when objects were built with keys in another order', () => {
    it('renders the same text', () => {
      const a = finding({ evidence: { opcode: 'REDUCE', global: 'os.system' } });
      const b: Finding = {
        fingerprint: a.fingerprint,
        evidence: { global: 'os.system', opcode: 'REDUCE' },
        location: { path: a.location.path },
        message: a.message,
        severity: a.severity,
        ruleId: a.ruleId,
      };
      assert.equal(renderJson(report([a])), renderJson(report([b])));
    });
  });

  describe('when the scan listed rules in another order', () => {
    it('renders the same text, rules sorted by id', () => {
      const findings = sampleFindings();
      const forward = report(findings);
      const backward = { ...forward, rules: [...forward.rules].reverse() };
      assert.equal(renderJson(backward), renderJson(forward));
      const ids = parse(renderJson(forward)).rules.map((r) => r.id);
      assert.deepEqual(ids, [...ids].sort());
    });
  });

  describe('when evidence has a __proto__ key', () => {
    it('keeps it as data', () => {
      const hostile = finding({
        evidence: JSON.parse('{"__proto__": "x", "global": "g"}') as Record<string, string>,
      });
      const doc = parse(renderJson(report([hostile])));
      assert.match(renderJson(report([hostile])), /"__proto__": "x"/);
      assert.deepEqual(Object.keys(doc.findings[0]?.evidence ?? {}), ['__proto__', 'global']);
    });
  });

  describe('when there are no findings', () => {
    it('writes empty findings and rules', () => {
      const doc = parse(renderJson(report([])));
      assert.deepEqual(doc.findings, []);
      assert.deepEqual(doc.rules, []);
      assert.equal(doc.version, 1);
    });
  });

  describe('when the output is used as a baseline', () => {
    it('gives each finding its fingerprint to match on', () => {
      const findings = sampleFindings();
      const baseline = new Set(
        parse(renderJson(report(findings))).findings.map((f) => f.fingerprint),
      );
      assert.equal(baseline.size, findings.length);
      assert.ok(findings.every((f) => baseline.has(f.fingerprint)));
    });
  });
});
