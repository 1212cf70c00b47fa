// Regenerates docs/rules.md and docs/errors.md from the catalogues in code (`npm run docs`).
import { writeFileSync } from 'node:fs';
import { errorsMarkdown } from '@mlsec/core';
import { RULES, rulesMarkdown } from '@mlsec/scan';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/rules.md', root), rulesMarkdown(RULES));
writeFileSync(new URL('docs/errors.md', root), errorsMarkdown());
process.stdout.write(`wrote docs/rules.md (${RULES.length} rules) and docs/errors.md\n`);
