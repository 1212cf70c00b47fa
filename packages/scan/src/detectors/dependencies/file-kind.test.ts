import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependencyFileKind } from './file-kind.ts';

describe('dependencyFileKind', () => {
  const cases: readonly (readonly [string, string | undefined])[] = [
    ['requirements.txt', 'requirements'],
    ['app/requirements-dev.txt', 'requirements'],
    ['requirements_gpu.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['Requirements.txt', 'requirements'],
    ['requirements.in', 'requirements'],
    ['requirements.lock', 'requirements'],
    ['requirements/base.txt', 'requirements'],
    ['requirements/prod.in', 'requirements'],
    ['constraints.txt', 'constraints'],
    ['ci/pip-constraints.txt', 'constraints'],
    ['pip-freeze.txt', 'pip-freeze'],
    ['requirements.freeze.txt', 'pip-freeze'],
    ['pyproject.toml', 'pyproject'],
    ['svc/poetry.lock', 'poetry-lock'],
    ['uv.lock', 'uv-lock'],
    ['Pipfile.lock', 'pipfile-lock'],
    ['environment.yml', 'conda-env'],
    ['envs/environment-gpu.yaml', 'conda-env'],
    ['conda.yaml', 'conda-env'],
    ['README.txt', undefined],
    ['notes/requirements.md', undefined],
    ['myrequirements.txt', undefined],
    ['Pipfile', undefined],
    ['config.yml', undefined],
    ['docs/requirements/intro.md', undefined],
  ];
  for (const [name, kind] of cases) {
    it(`reads ${name} as ${kind ?? 'no dependency file'}`, () => {
      assert.equal(dependencyFileKind(name), kind);
    });
  }
});
