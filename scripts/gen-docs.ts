// Regenerates the documents made from catalogues in code (`npm run docs`): docs/rules.md,
// docs/errors.md and the generated lists inside docs/policy.md. Tests fail when they drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { errorsMarkdown } from '@mlsec/core';
import { RULES, rulesMarkdown, updatePolicyMarkdown } from '@mlsec/scan';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/rules.md', root), rulesMarkdown(RULES));
writeFileSync(new URL('docs/errors.md', root), errorsMarkdown());
const policy = new URL('docs/policy.md', root);
writeFileSync(policy, updatePolicyMarkdown(readFileSync(policy, 'utf8')));
process.stdout.write(
  `wrote docs/rules.md (${RULES.length} rules), docs/errors.md and docs/policy.md\n`,
);
