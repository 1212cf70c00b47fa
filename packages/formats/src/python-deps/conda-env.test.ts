import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { parseCondaEnvironment } from './conda-env.ts';
import { CONDA_ENV } from './testing/samples.ts';

describe('parseCondaEnvironment', () => {
  it('reads conda specs and the pip sub-list with their lines', () => {
    const result = parseCondaEnvironment(CONDA_ENV, DEFAULT_LIMITS);
    assert.ok(result.ok, JSON.stringify(result.issues));
    assert.deepEqual(
      result.value.requirements.map((r) => [
        r.name,
        r.ecosystem,
        r.pin,
        r.version ?? null,
        r.specifier,
        r.line,
      ]),
      [
        ['python', 'conda', 'pinned', '3.11', '==3.11.*', 5],
        ['numpy', 'conda', 'pinned', '1.26.4', '==1.26.4', 6],
        ['pytorch', 'conda', 'pinned', '2.2.0', '==2.2.0', 7],
        ['scipy', 'conda', 'range', null, '>=1.11', 8],
        ['cudatoolkit', 'conda', 'pinned', '11.8.0', '==11.8.0', 9],
        ['pandas', 'conda', 'unpinned', null, '', 10],
        ['pip', 'conda', 'unpinned', null, '', 11],
        ['mlflow', 'pypi', 'pinned', '2.9.2', '==2.9.2', 13],
      ],
    );
    assert.deepEqual(result.value.references, [
      { kind: 'requirements', path: 'requirements-extra.txt', line: 14 },
    ]);
  });

  it('refuses aliases, non-mappings and YAML errors', () => {
    const alias = parseCondaEnvironment('x: &a numpy\ndependencies:\n  - *a\n', DEFAULT_LIMITS);
    assert.equal(alias.ok, false);
    assert.equal(alias.issues[0]?.code, 'PYDEPS_YAML_ALIAS');
    assert.equal(
      parseCondaEnvironment('- a\n- b\n', DEFAULT_LIMITS).issues[0]?.code,
      'PYDEPS_SHAPE',
    );
    assert.equal(parseCondaEnvironment('a: [\n', DEFAULT_LIMITS).issues[0]?.code, 'PYDEPS_SYNTAX');
  });

  it('reports specs it cannot read and goes on', () => {
    const result = parseCondaEnvironment(
      'dependencies:\n  - numpy|||\n  - 7\n  - scipy\n',
      DEFAULT_LIMITS,
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.requirements.map((r) => r.name),
      ['scipy'],
    );
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['PYDEPS_BAD_REQUIREMENT', 'PYDEPS_SHAPE'],
    );
  });
});

describe('parseCondaEnvironment and YAML aliases', () => {
  it('refuses an aliased dependencies list and aliased pip entries', () => {
    for (const text of [
      'base: &deps [numpy]\ndependencies: *deps\n',
      'x: &m mlflow==2.9.2\ndependencies:\n  - pip:\n      - *m\n',
    ]) {
      const result = parseCondaEnvironment(text, DEFAULT_LIMITS);
      assert.equal(result.ok, false, text);
      assert.equal(result.issues[0]?.code, 'PYDEPS_YAML_ALIAS', text);
    }
  });
});
