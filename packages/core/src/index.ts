/** @mlsec/core: the shared vocabulary of every mlsec package. Zero runtime dependencies. */
export { SEVERITIES, severityRank, isAtLeast, isSeverity } from './severity.ts';
export type { Severity } from './severity.ts';
export { fingerprintOf } from './finding.ts';
export type { Finding, Location, Evidence } from './finding.ts';
export { ok, fail, issue } from './issue.ts';
export type { FormatIssue, ParseResult } from './issue.ts';
export { DEFAULT_LIMITS, makeLimits } from './limits.ts';
export type { Limits } from './limits.ts';
export { ERROR_CODES, MlsecError, isMlsecError } from './errors.ts';
export { errorsMarkdown } from './errors-markdown.ts';
export type { ErrorCode } from './errors.ts';
export { snippet, bytesSnippet, SNIPPET_LIMIT } from './text.ts';
export { ByteReader, ReadError, utf8, latin1 } from './byte-reader.ts';
export { memorySource, sliceSource, readAll } from './byte-source.ts';
export type { ByteSource } from './byte-source.ts';
export { sha256Hex } from './digest.ts';
export { startWorker } from './start-worker.ts';
