import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, MlsecError } from './errors.ts';
import { errorsMarkdown } from './errors-markdown.ts';

describe('docs/errors.md', () => {
  it('matches ERROR_CODES (run `npm run docs` after changing a code)', () => {
    const onDisk = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    assert.equal(onDisk, errorsMarkdown());
  });

  it('uses SCREAMING_SNAKE codes with an area prefix', () => {
    for (const code of Object.keys(ERROR_CODES))
      assert.match(
        code,
        /^(CORE|SCAN|CLI|ATTEST|KEY|SIGN|VERIFY|PROVENANCE|BOM|REGISTRY)_[A-Z0-9_]+$/,
      );
  });

  it('keeps the code on the error object', () => {
    const error = new MlsecError('CLI_USAGE', 'bad flag');
    assert.equal(error.code, 'CLI_USAGE');
    assert.equal(error.name, 'MlsecError');
  });
});
