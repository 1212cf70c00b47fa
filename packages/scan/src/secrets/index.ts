/** The gitleaks-format secrets engine: rules from TOML, RE2 regexes, findings without the secret. */
export { compileGoRegex, MAX_PATTERN_LENGTH } from './go-regex.ts';
export type { GoRegex, RegexMatch, CompileOptions } from './go-regex.ts';
export {
  defaultSecretsConfig,
  mlSecretsConfig,
  parseSecretsConfig,
  loadSecretsConfig,
  MAX_CONFIG_BYTES,
  MAX_EXTEND_DEPTH,
} from './config.ts';
export type { SecretsConfigOptions } from './config.ts';
export { detectSecrets } from './detect.ts';
export type { SecretFinding, DetectOptions } from './detect.ts';
export { shannonEntropy, maskSecret, fingerprintSecret } from './secret-text.ts';
export type { SecretsConfig, SecretRule, SecretAllowlist, RegexTarget } from './types.ts';
