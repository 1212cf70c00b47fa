/** Words that make a variable name look like it holds a credential. */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'CREDENTIALS',
  'CREDENTIAL',
  'PRIVATEKEY',
]);
/** Words that, before KEY, make it a credential (API_KEY, ACCESS_KEY, PRIVATE_KEY, …). */
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'PRIVATE',
  'SECRET',
  'SIGNING',
  'ENCRYPTION',
  'AUTH',
]);
/** Last words that make it a reference to a secret rather than the secret (HF_TOKEN_PATH, …). */
const REFERENCE_SUFFIXES = new Set([
  'FILE',
  'PATH',
  'DIR',
  'NAME',
  'URL',
  'URI',
  'ENDPOINT',
  'TYPE',
  'MODE',
  'ID',
  'ENABLED',
  'REF',
  'LENGTH',
  'TTL',
  'EXPIRY',
  'HEADER',
]);

/**
 * Whether an environment variable or build argument name looks like it holds a secret
 * (`HF_TOKEN`, `WANDB_API_KEY`, `AWS_SECRET_ACCESS_KEY`, `MLFLOW_TRACKING_PASSWORD`), but not names
 * that only contain such a word (`TOKENIZERS_PARALLELISM`) or point at one (`HF_TOKEN_PATH`).
 */
export function looksLikeSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || REFERENCE_SUFFIXES.has(words[words.length - 1] ?? '')) return false;
  return words.some(
    (word, i) =>
      SECRET_WORDS.has(word) || (word === 'KEY' && KEY_QUALIFIERS.has(words[i - 1] ?? '')),
  );
}

/** A value that refers to another variable or a secret store rather than holding the secret itself. */
export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  return v === '' || /^\$[({]?[A-Za-z_][A-Za-z0-9_]*[)}]?$/.test(v) || /^\$\{[^}]*\}$/.test(v);
}
