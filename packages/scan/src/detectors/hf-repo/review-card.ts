import { snippet } from '@mlsec/core';
import type { RepoState } from './repo-state.ts';

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|rst))?$/i;

/**
 * Report the licence the README.md model card declares (hf/license), or that none is declared
 * (hf/license-missing). Without any README.md, only the folder the user pointed the scan at is
 * reported: a subfolder without a card is usually a component of a repository whose card is above it.
 */
export async function reviewCard(state: RepoState): Promise<void> {
  const { ctx } = state;
  const licenseFile = state.namesIn('').find((name) => LICENSE_FILE.test(name));
  const fileNote =
    licenseFile === undefined ? '' : ` (a ${snippet(licenseFile, 60)} file is present)`;
  const fileEvidence = licenseFile === undefined ? {} : { licenseFile: snippet(licenseFile) };
  const missing = (file: string, reason: string, code: string): void =>
    ctx.report({
      ruleId: 'hf/license-missing',
      file,
      message: `No model licence is declared: ${reason}${fileNote}.`,
      evidence: { code, ...fileEvidence },
    });

  const card = await state.card('');
  if (card.kind === 'absent') {
    if (ctx.relativeRoot === '')
      missing('', 'the repository has no README.md model card', 'HF_NO_MODEL_CARD');
    return;
  }
  if (card.kind === 'no-front-matter') {
    missing('README.md', 'README.md has no YAML front matter', 'HF_NO_FRONT_MATTER');
    return;
  }
  if (!card.result.ok) {
    const problem = card.result.issues[0];
    const code = problem?.code ?? 'HF_YAML_SYNTAX';
    missing(
      'README.md',
      `the README.md front matter could not be read (${code}: ${problem?.message ?? ''})`,
      code,
    );
    return;
  }
  const { license, licenseName, licenseLink } = card.result.value;
  if (license === undefined) {
    missing('README.md', 'the README.md front matter has no license key', 'HF_NO_LICENSE_KEY');
    return;
  }
  const named = licenseName === undefined ? '' : ` ("${snippet(licenseName, 100)}")`;
  ctx.report({
    ruleId: 'hf/license',
    file: 'README.md',
    message: `The model card declares the licence "${snippet(license, 100)}"${named}.`,
    evidence: {
      license: snippet(license),
      ...(licenseName === undefined ? {} : { licenseName: snippet(licenseName) }),
      ...(licenseLink === undefined ? {} : { licenseLink: snippet(licenseLink) }),
    },
    key: [snippet(license)],
  });
}
