import { ERROR_CODES } from './errors.ts';

/** docs/errors.md, generated from ERROR_CODES (`npm run docs`; a test keeps the file in sync). */
export function errorsMarkdown(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`);
  return [
    '# mlsec error codes',
    '',
    '<!-- Generated from packages/core/src/errors.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Errors stop a command with exit code 2 and print `mlsec: error CODE: message`. Codes are stable;',
    'messages may change. A malformed artifact is never an error: it is a finding. `VERIFY_*` and',
    '`PROVENANCE_*_MISMATCH` codes also name why a verification failed (exit 1).',
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
