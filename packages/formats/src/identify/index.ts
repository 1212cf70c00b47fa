export {
  identify,
  hasZipEnd,
  FORMAT_IDS,
  IDENTIFY_HEAD_BYTES,
  IDENTIFY_TAIL_BYTES,
} from './identify.ts';
export type { FormatId } from './identify.ts';
