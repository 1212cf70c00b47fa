/** @mlsec/formats: parsers of untrusted bytes. No policy, no I/O; each parser returns issues, never throws. */
export { identify, FORMAT_IDS, IDENTIFY_HEAD_BYTES, IDENTIFY_TAIL_BYTES } from './identify/index.ts';
export type { FormatId } from './identify/index.ts';
