import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { parseCondaEnvironment, parseRequirementsTxt } from '@mlsec/formats';
import type { PythonDependencies } from '@mlsec/formats';
import { checkRequirements } from './check-requirements.ts';
import { bundledAdvisories } from './database.ts';
import { createAdvisoryIndex } from './match.ts';
import { compareVersions, parseVersion } from './pep440-version.ts';
import { idsListingVersion } from './testing/osv-testdata.ts';

const PINS = { mlflow: '2.9.2', gradio: '4.11.0', transformers: '4.36.0', torch: '2.2.0' } as const;

function requirements(text: string): PythonDependencies {
  const parsed = parseRequirementsTxt(text, DEFAULT_LIMITS);
  assert.ok(parsed.ok, JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('checkRequirements (acceptance: a requirements file of pinned ML packages)', () => {
  const index = createAdvisoryIndex(bundledAdvisories());
  const text = [
    ...Object.entries(PINS).map(([name, version]) => `${name}==${version}`),
    'numpy>=1.20',
    'ray',
    '-e ./local#egg=mytool',
    'onnx==not.a.version',
  ].join('\n');
  const checks = checkRequirements(index, requirements(text).requirements);

  it('gets, for each pinned package, the advisories the OSV records list for that version', () => {
    for (const [name, version] of Object.entries(PINS)) {
      const check = checks.find((c) => c.requirement.name === name);
      assert.equal(check?.status, 'affected', name);
      const ids = check.status === 'affected' ? check.matches.map((m) => m.id).sort() : [];
      assert.deepEqual(ids, idsListingVersion(name, version), name);
    }
  });

  it('reports ranges, bare names, editable installs and bad pins without checking them', () => {
    assert.deepEqual(
      checks.slice(4).map((c) => [c.requirement.name, c.status, c.requirement.pin]),
      [
        ['numpy', 'unpinned', 'range'],
        ['ray', 'unpinned', 'unpinned'],
        ['mytool', 'unpinned', 'editable'],
        ['onnx', 'invalid-version', 'pinned'],
      ],
    );
  });

  it('finds none of those advisories once each package is at the newest version that fixes them', () => {
    const upgraded = Object.keys(PINS).map((name) => {
      const check = checks.find((c) => c.requirement.name === name);
      assert.ok(check?.status === 'affected');
      const fixes = check.matches.flatMap((m) => m.fixed);
      const newest = fixes.reduce((a, b) =>
        compareVersions(
          parseVersion(a) ?? { epoch: 0, release: [0] },
          parseVersion(b) ?? { epoch: 0, release: [0] },
        ) >= 0
          ? a
          : b,
      );
      return { name, newest, before: check.matches };
    });
    const after = checkRequirements(
      index,
      requirements(upgraded.map((u) => `${u.name}==${u.newest}`).join('\n')).requirements,
    );
    for (const { name, newest, before } of upgraded) {
      const check = after.find((c) => c.requirement.name === name);
      const still = check?.status === 'affected' ? check.matches.map((m) => m.id) : [];
      // Advisories with a fix: gone. Those without one (last_affected only) may stay.
      for (const m of before.filter((b) => b.fixed.length > 0)) {
        assert.ok(!still.includes(m.id), `${m.id} still reported for ${name} ${newest}`);
      }
      assert.deepEqual(still.sort(), idsListingVersion(name, newest), `${name} ${newest}`);
    }
  });
});

describe('checkRequirements on conda environments', () => {
  it('checks conda pytorch as the PyPI torch advisories name it', () => {
    const parsed = parseCondaEnvironment(
      'dependencies:\n  - conda-forge::pytorch=2.2.0=py311_0\n  - pip:\n      - mlflow==2.9.2\n',
      DEFAULT_LIMITS,
    );
    assert.ok(parsed.ok, JSON.stringify(parsed.issues));
    const checks = checkRequirements(
      createAdvisoryIndex(bundledAdvisories()),
      parsed.value.requirements,
    );
    const torch = checks[0];
    assert.equal(torch?.status, 'affected');
    assert.deepEqual(
      torch.status === 'affected' ? torch.matches.map((m) => m.id).sort() : [],
      idsListingVersion('torch', '2.2.0'),
    );
    assert.equal(checks[1]?.status, 'affected');
  });
});
