import { readFileSync } from 'node:fs';
import { parseRawConfig } from '../secrets/config-raw.ts';
import type { RuleDef } from './rule.ts';

/** ATLAS ids of leaked credentials. */
const SECRETS_ATLAS = {
  /** Unsecured Credentials: keys and tokens left in files, notebooks and logs. */
  unsecuredCredentials: 'AML.T0055',
  /** Valid Accounts: what an attacker does with them. */
  validAccounts: 'AML.T0012',
} as const;

/** Finding rule ids of secrets rules are this prefix plus the gitleaks rule id. */
export const SECRET_RULE_PREFIX = 'secrets/';

/** Static rules of the secrets family; one more per gitleaks rule is made by secretRuleDef. */
export const SECRETS_RULES: readonly RuleDef[] = [
  {
    id: 'secrets/environment-dump',
    severity: 'high',
    title: 'Environment variables dumped into a notebook output or log',
    description:
      'An output shows the process environment (`%env`, `!env`, `!printenv`, `os.environ`, ' +
      '`dict(os.environ)`): many NAME=value pairs saved into the notebook or log. Cloud keys, ' +
      'tracking-server passwords and API tokens are usually passed to training jobs as environment ' +
      'variables, so a dump commits them all at once, whether or not a rule knows their format. The ' +
      'finding names the variables that are known to hold secrets; it never shows their values.',
    fix:
      'Clear the output (`mlsec redact --clear-outputs`, `jupyter nbconvert --clear-output`), rotate ' +
      'every credential the dump names, and purge the file from history if it was committed.',
    atlas: [SECRETS_ATLAS.unsecuredCredentials],
    cwe: ['CWE-526', 'CWE-798'],
  },
  {
    id: 'secrets/credential-file',
    severity: 'high',
    title: 'Credential store committed with values filled in',
    description:
      'A file whose purpose is holding credentials is in the scanned tree with credential fields set: ' +
      '`.netrc`, `.env` files (variables named like secrets), `.databrickscfg`, `kaggle.json`, the ' +
      'Hugging Face token file, `.aws/credentials`, `.pypirc` or `.git-credentials`. Such files belong ' +
      "in a user's home folder, never in a repository, image or dataset. Reported when no format rule " +
      'matched the file, so the finding does not depend on knowing the token format. The finding names ' +
      'the fields, never their values.',
    fix:
      'Rotate the credentials, delete the file and add its name to .gitignore/.dockerignore; commit a ' +
      '`.env.example` with empty values instead, and purge the file from history.',
    atlas: [SECRETS_ATLAS.unsecuredCredentials, SECRETS_ATLAS.validAccounts],
    cwe: ['CWE-798', 'CWE-538'],
  },
  {
    id: 'secrets/text-truncated',
    severity: 'medium',
    title: 'Text file larger than the limit; its end was not scanned for secrets',
    description:
      'The file is larger than the largest input the scanner reads (limits.maxBytes), so only its ' +
      'beginning was scanned for secrets. A scanner fails closed: the unscanned rest is reported.',
    fix: 'Split or compress the file (archives are scanned member by member), or raise the limit.',
    atlas: [SECRETS_ATLAS.unsecuredCredentials],
  },
  {
    id: 'secrets/notebook-unreadable',
    severity: 'low',
    title: 'Notebook could not be decoded; scanned as plain text',
    description:
      'The file looks like a Jupyter notebook but is not valid nbformat JSON within the limits, so its ' +
      'cells and outputs could not be decoded. It was scanned as plain text instead, which misses ' +
      'secrets split by JSON escapes.',
    fix: 'Check the file with `jupyter nbconvert --to notebook` or nbformat.validate, then scan again.',
    atlas: [SECRETS_ATLAS.unsecuredCredentials],
  },
];

/** Severity of a secrets rule: high, except the catch-all rules, which are noisy by design. */
const GENERIC = new Set(['generic-api-key']);

/**
 * The catalogue entry of a gitleaks rule (`secrets/<id>`). `description` is the rule's own
 * description (the shipped one when omitted and the rule is shipped).
 */
export function secretRuleDef(secretRuleId: string, description?: string): RuleDef {
  const text = description ?? shippedSecretRules().get(secretRuleId)?.description;
  return {
    id: `${SECRET_RULE_PREFIX}${secretRuleId}`,
    severity: GENERIC.has(secretRuleId) ? 'medium' : 'high',
    title: (text ?? `Secret matched by rule ${secretRuleId}`).slice(0, 80),
    description:
      `A credential matched the secrets rule \`${secretRuleId}\`` +
      (text ? ` (${text})` : '') +
      '. Anyone who can read the repository, notebook, log or image can use it. The finding shows ' +
      'only the first characters of the secret and a salted hash that identifies it in baselines.',
    fix:
      'Revoke and rotate the credential first (removing it from the file does not un-leak it), move ' +
      'it to a secret store or environment variable, and purge it from version-control history. A ' +
      'false positive goes into a baseline (`mlsec baseline create`) with status false_positive.',
    atlas: [SECRETS_ATLAS.unsecuredCredentials, SECRETS_ATLAS.validAccounts],
    cwe: ['CWE-798'],
  };
}

/** A secrets rule shipped with mlsec, for docs/rules.md. */
export interface ShippedSecretRule {
  readonly id: string;
  readonly description: string;
  /** 'gitleaks' (data/gitleaks/gitleaks.toml, MIT) or 'mlsec' (data/ml-secrets.toml). */
  readonly source: 'gitleaks' | 'mlsec';
}

let shipped: ReadonlyMap<string, ShippedSecretRule> | undefined;

/** The shipped rules by id, from the TOML files' ids and descriptions (nothing is compiled). */
export function shippedSecretRules(): ReadonlyMap<string, ShippedSecretRule> {
  if (!shipped) {
    const out = new Map<string, ShippedSecretRule>();
    const files = [
      ['../../data/gitleaks/gitleaks.toml', 'gitleaks'],
      ['../../data/ml-secrets.toml', 'mlsec'],
    ] as const;
    for (const [file, source] of files) {
      const raw = parseRawConfig(readFileSync(new URL(file, import.meta.url), 'utf8'), file);
      for (const rule of raw.rules)
        out.set(rule.id, { id: rule.id, description: rule.description ?? rule.id, source });
    }
    shipped = out;
  }
  return shipped;
}
