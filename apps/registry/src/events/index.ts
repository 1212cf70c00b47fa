/** Log entries of the registry: their kinds, canonical encoding and replay into state. */
export * from './entries.ts';
export { checkEntry, decodeEntry, encodeEntry } from './codec.ts';
export { aliasAt, keyOf, previousTarget, replay } from './replay.ts';
export type { AliasState, RegistryState, ReplayIssue, TokenState, VersionState } from './replay.ts';
