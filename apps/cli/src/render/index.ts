/** Report renderers for `mlsec scan`: pure functions from a scan report to the text a command writes. */
export { renderTable } from './table.ts';
export type { TableOptions } from './table.ts';
export { renderJson, toJsonReport } from './json.ts';
export type { JsonReport } from './json.ts';
export {
  renderSarif,
  SARIF_SCHEMA,
  MLSEC_INFORMATION_URI,
  FINGERPRINT_KEY,
  GITHUB_MAX_RESULTS,
} from './sarif.ts';
export type { SarifOptions } from './sarif.ts';
export type { SarifLog } from './sarif-types.ts';
export { SECURITY_SEVERITY, SARIF_LEVEL } from './sarif-rules.ts';
export { formatLocation } from './location.ts';
export { safeText, displayWidth } from './text.ts';
export { stripAnsi } from './ansi.ts';
