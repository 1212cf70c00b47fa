import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripAnsi } from './ansi.ts';
import { renderTable } from './table.ts';
import { finding, report, sampleFindings } from './testing/build-report.ts';
import { displayWidth } from './text.ts';

const plain = { color: false, width: 120 } as const;

/** Any raw control or bidi-override character other than the line feeds between lines. */
function hasRawControl(text: string): boolean {
  return [...text].some((ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return (cp < 0x20 && cp !== 0x0a) || cp === 0x7f || cp === 0x202e;
  });
}

function lines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

describe('renderTable', () => {
  describe('when there are no findings', () => {
    const out = renderTable(report([]), plain);

    it('says so and summarises the scan', () => {
      assert.deepEqual(lines(out), [
        'No findings.',
        'Scanned 12 files (3.5 MB, 15 artifacts) in 1.2 s.',
      ]);
    });
  });

  describe('when colour is off', () => {
    const out = renderTable(report(sampleFindings()), plain);

    it('writes no escape sequences', () => {
      assert.equal(out.includes('\u001b'), false);
    });

    it('starts with a header row', () => {
      assert.match(lines(out)[0] ?? '', /^SEVERITY {2}RULE {2,}LOCATION {2,}MESSAGE$/);
    });

    it('lists findings most severe first', () => {
      const severities = lines(out)
        .map((line) => /^(critical|high|medium|low|info) /.exec(line)?.[1])
        .filter((s) => s !== undefined);
      assert.deepEqual(severities, ['critical', 'high', 'medium', 'low', 'info']);
    });

    it('shows the member chain and the offset', () => {
      assert.match(out, /release\.tar\.gz ›/);
      assert.match(out, /archive\/data\.pkl @418/);
    });

    it('shows line and column, cell, and JSON pointer', () => {
      assert.match(out, /configs\/train\.yaml:12:5/);
      assert.match(out, /notebooks\/explore\.ipynb \(cell 3\):2/);
      assert.match(out, /config\.json#\/auto_map\/AutoModel/);
    });

    it('shows the evidence under the message', () => {
      assert.match(out, / {2}global=posix\.system opcode=REDUCE\n/);
    });

    it('escapes control and bidi characters from the artifact', () => {
      assert.match(out, /\\u001b\[31mevil/);
      assert.match(out, /\\nthing/);
      assert.match(out, /evil\\u202e\.thing/);
      assert.equal(hasRawControl(out), false);
    });

    it('keeps printable Unicode intact', () => {
      assert.match(out, /models\/模型 weights\.pkl @0/);
      assert.match(out, /café-模型/);
    });

    it('ends with counts per severity and what was scanned', () => {
      assert.deepEqual(lines(out).slice(-2), [
        '5 findings: 1 critical, 1 high, 1 medium, 1 low, 1 info',
        'Scanned 12 files (3.5 MB, 15 artifacts) in 1.2 s.',
      ]);
    });

    it('leaves no trailing blanks', () => {
      for (const line of lines(out)) assert.equal(line, line.trimEnd());
    });
  });

  describe('when findings arrive out of order', () => {
    it('still sorts them by severity, keeping the report order within one', () => {
      const findings = [
        finding({ severity: 'low', location: { path: 'b' } }),
        finding({ severity: 'critical', location: { path: 'z' } }),
        finding({ severity: 'low', location: { path: 'a' } }),
      ];
      const rows = lines(renderTable(report(findings), plain)).filter((l) =>
        /^(critical|low) /.test(l),
      );
      assert.deepEqual(
        rows.map((row) => row.split(/ {2,}/)[2]),
        ['z', 'b', 'a'],
      );
    });
  });

  describe('when the terminal is narrow', () => {
    const out = renderTable(report(sampleFindings()), { color: false, width: 60 });

    it('switches to one block per finding', () => {
      assert.equal(out.includes('SEVERITY'), false);
      assert.match(out, /^critical pickle\/dangerous-callable\n {2}release\.tar\.gz ›/);
    });
  });

  describe('when cells are longer than the width allows', () => {
    const long = finding({
      message: `Pickle calls ${'x'.repeat(400)} and ${'very long words '.repeat(30)}`,
      location: { path: `${'deep/'.repeat(40)}model.pkl`, member: ['a'.repeat(300)] },
      evidence: { global: 'g'.repeat(500) },
    });

    for (const width of [40, 60, 80, 100, 150]) {
      it(`keeps every line within ${width} columns and truncates with an ellipsis`, () => {
        const out = renderTable(report([long, ...sampleFindings()], { targets: ['.'] }), {
          color: false,
          width,
          root: `/home/${'r'.repeat(200)}`,
        });
        for (const line of lines(out))
          assert.ok(displayWidth(line) <= width, `${displayWidth(line)}: ${line}`);
        assert.match(out, /…/);
      });
    }
  });

  describe('when colour is on', () => {
    const out = renderTable(report(sampleFindings()), { color: true, width: 120 });

    it('colours severities', () => {
      assert.ok(out.includes('\u001b[1;31mcritical\u001b[0m'));
      assert.ok(out.includes('\u001b[31mhigh\u001b[0m'));
      assert.ok(out.includes('\u001b[33mmedium\u001b[0m'));
    });

    it('lays out exactly like the plain table', () => {
      assert.equal(stripAnsi(out), renderTable(report(sampleFindings()), plain));
    });
  });

  describe('when a root is given', () => {
    it('names it in the summary, escaped', () => {
      const out = renderTable(report([]), { ...plain, root: '/srv/ci\u001b]0;x' });
      assert.match(out, /Scanned 12 files under \/srv\/ci\\u001b\]0;x \(3\.5 MB/);
    });
  });
});
