/** @mlsec/scan: policy over formats. Walks a tree, identifies artifacts by content and yields Findings. */
export { scanPaths, compareFindings, MLSEC_VERSION } from './engine/scan.ts';
export type { ScanOptions, ScanProgress } from './engine/scan.ts';
export type { ScanReport, ScanStats } from './engine/report.ts';
export { loadScanSettings, DEFAULT_SECRETS_SALT } from './engine/settings.ts';
export type {
  ScanSettings,
  ScanSettingsInit,
  SecretsInit,
  AdvisoriesInit,
  SecretsSettings,
  AdvisoriesSettings,
} from './engine/settings.ts';
export type {
  ScanContext,
  Detector,
  ReportInput,
  ScanBudget,
  RepoContext,
  RepoDetector,
  RepoReportInput,
} from './engine/context.ts';
export { DEFAULT_DETECTORS, DEFAULT_REPO_DETECTORS } from './detectors/index.ts';
export { selectDetectors, scannerNames } from './detectors/select.ts';
export {
  createPolicy,
  loadPolicy,
  updatePolicyMarkdown,
  DEFAULT_ALLOWLIST,
  DEFAULT_DENYLIST,
} from './policy/index.ts';
export type { Policy, GlobalVerdict, PolicyOptions } from './policy/index.ts';
export { readYamlDocument } from './policy/yaml-document.ts';
export type { PlainValue, YamlProblem, YamlRead } from './policy/yaml-document.ts';
export type { RuleDef } from './rules/rule.ts';
export { ATLAS } from './rules/rule.ts';
export { RULES, findRule } from './rules/index.ts';
export { rulesMarkdown } from './rules/rules-markdown.ts';
export { atlasTechniques, atlasLabel } from './rules/atlas.ts';
export type { AtlasTechnique } from './rules/atlas.ts';
export {
  compileGoRegex,
  defaultSecretsConfig,
  mlSecretsConfig,
  parseSecretsConfig,
  loadSecretsConfig,
  detectSecrets,
  shannonEntropy,
  maskSecret,
  fingerprintSecret,
} from './secrets/index.ts';
export type {
  GoRegex,
  SecretsConfig,
  SecretRule,
  SecretAllowlist,
  SecretFinding,
  DetectOptions,
} from './secrets/index.ts';
export * from './advisories/index.ts';
export {
  scanGitHistory,
  mergeHistoryFindings,
  locateGitTarget,
  DEFAULT_HISTORY_LIMITS,
  HISTORY_DETECTOR_IDS,
} from './history/index.ts';
export type {
  HistoryOptions,
  HistoryLimits,
  HistoryProgress,
  HistoryResult,
  HistoryStats,
  GitTarget,
} from './history/index.ts';
export { redactBytes, placeholder as redactPlaceholder, REDACT_MAX_BYTES } from './redact/index.ts';
export type { RedactOptions, RedactResult, RedactLocation } from './redact/index.ts';
export {
  writeSafetensors,
  verifySafetensors,
  planHeader as planSafetensorsHeader,
  bytesTensor,
  WRITABLE_DTYPES,
  convertFile,
  planConversion,
  convertSharded,
  safetensorsShardName,
  SAFETENSORS_INDEX,
  ConvertRefusedError,
} from './convert/index.ts';
export type {
  WriteOptions as SafetensorsWriteOptions,
  WriteResult as SafetensorsWriteResult,
  VerifyFailure as SafetensorsVerifyFailure,
  VerifyOptions as SafetensorsVerifyOptions,
  VerifyResult as SafetensorsVerifyResult,
  TensorInput,
  TensorSink,
  WritableDtype,
  ConvertOptions,
  ConvertResult,
  ConvertFormat,
  ConvertPlan,
  ConvertProgress,
  ShardedOptions,
  ShardedResult,
} from './convert/index.ts';
export { interpretStateDict, interpretCheckpointPickle } from './convert/interpret-state-dict.ts';
export type {
  InterpretOptions,
  InterpretResult,
  Refusal,
  RefusalCode,
  StateDictInterpretation,
  StorageDescriptor,
  TensorDescriptor,
} from './convert/interpret-types.ts';
