import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { parsePyproject } from './pyproject.ts';
import { PYPROJECT_PEP621, PYPROJECT_POETRY } from './testing/samples.ts';

describe('parsePyproject', () => {
  it('reads PEP 621 dependencies and optional dependencies with their lines', () => {
    const result = parsePyproject(PYPROJECT_PEP621, DEFAULT_LIMITS);
    assert.ok(result.ok, JSON.stringify(result.issues));
    assert.deepEqual(
      result.value.requirements.map((r) => [r.name, r.specifier, r.pin, r.group ?? null, r.line]),
      [
        ['mlflow', '==2.9.2', 'pinned', null, 8],
        ['transformers', '>=4.30,<5', 'range', null, 9],
        ['numpy', '', 'unpinned', null, 10],
        ['pywin32', '>=306', 'range', null, 11],
        ['gradio', '==4.11.0', 'pinned', 'serve', 15],
      ],
    );
    assert.deepEqual(result.value.requirements[1]?.extras, ['torch']);
    assert.equal(result.value.requirements[3]?.markers, 'sys_platform == "win32"');
  });

  it('reads Poetry dependencies, converting caret and tilde, skipping python', () => {
    const result = parsePyproject(PYPROJECT_POETRY, DEFAULT_LIMITS);
    assert.ok(result.ok, JSON.stringify(result.issues));
    assert.deepEqual(
      result.value.requirements.map((r) => [
        r.name,
        r.specifier,
        r.pin,
        r.version ?? null,
        r.group ?? null,
      ]),
      [
        ['torch', '>=2.2.0,<3.0.0', 'range', null, null],
        ['transformers', '>=4.36.0,<4.37', 'range', null, null],
        ['mlflow', '==2.9.2', 'pinned', '2.9.2', null],
        ['mytool', '', 'url', null, null],
        ['local', '', 'editable', null, null],
        ['pytest', '', 'unpinned', null, 'dev'],
      ],
    );
    assert.equal(result.value.requirements[2]?.line, 9);
  });

  it('fails on TOML syntax errors and reports bad entries', () => {
    const broken = parsePyproject('[project\ndependencies = [', DEFAULT_LIMITS);
    assert.equal(broken.ok, false);
    assert.equal(broken.issues[0]?.code, 'PYDEPS_SYNTAX');
    const bad = parsePyproject(
      '[project]\ndependencies = ["ok==1", "not ok!!"]\n[tool.poetry.dependencies]\nx = "^^1"\ny = 3\n',
      DEFAULT_LIMITS,
    );
    assert.ok(bad.ok);
    assert.deepEqual(
      bad.issues.map((i) => i.code),
      ['PYDEPS_BAD_REQUIREMENT', 'PYDEPS_BAD_REQUIREMENT', 'PYDEPS_SHAPE'],
    );
  });

  it('never reads inherited keys of hostile tables', () => {
    const result = parsePyproject(
      '[project]\n__proto__ = { dependencies = ["evil==1"] }\n',
      DEFAULT_LIMITS,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.value.requirements, []);
  });
});
