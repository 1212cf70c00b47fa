import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/**
 * Rules of the SafeTensors detector. SafeTensors cannot carry code, so nothing here is critical: the
 * risks are loaders that trust a hostile header (huge allocations, reads past the end of the file) and
 * bytes no tensor indexes, where a payload or a second format can hide.
 */
export const SAFETENSORS_RULES: readonly RuleDef[] = [
  {
    id: 'safetensors/unparseable',
    severity: 'high',
    title: 'SafeTensors header could not be parsed',
    description:
      'The file is shaped like SafeTensors (a length prefix and a JSON object) but its header is cut ' +
      'short, not UTF-8, not valid JSON, not an object, or exceeds the parse limits. Loaders reject it or ' +
      'read it differently, and nothing in it was checked. A scanner fails closed.',
    fix: 'Re-export the weights with the safetensors library and scan again; do not load the file as is.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'safetensors/invalid-header',
    severity: 'high',
    title: 'SafeTensors header length or keys are abusive',
    description:
      'The u64 header length claims more bytes than the file holds or more than the 100 MB the reference ' +
      'implementation accepts (readers that trust it allocate or read out of bounds), or the header has ' +
      'duplicate keys (JSON parsers disagree on which copy wins, so two loaders see different tensors) or ' +
      'keys such as __proto__ that target JavaScript prototype pollution.',
    fix: 'Treat the file as hostile. Obtain the weights from the original publisher or re-export them.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-789', 'CWE-1321'],
  },
  {
    id: 'safetensors/invalid-tensor-info',
    severity: 'medium',
    title: 'SafeTensors tensor entry is invalid',
    description:
      'A tensor entry has an unknown dtype, a shape that is not a list of non-negative integers, ' +
      'data_offsets that are not [begin, end], a byte span that does not match dtype × shape, unknown ' +
      'fields, or __metadata__ that is not string → string. Loaders refuse or misread such tensors.',
    fix: 'Re-export the weights with a current safetensors release; check which tool produced the file.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'safetensors/overlapping-tensors',
    severity: 'medium',
    title: 'SafeTensors tensors overlap or leave gaps',
    description:
      'The format requires the byte buffer to be fully indexed: tensors follow one another without ' +
      "overlap or gap. Overlapping tensors alias each other's bytes (a change to one silently changes the " +
      'other); gaps are bytes no tensor owns, where data can hide. Gaps are also scanned as nested content.',
    fix: 'Re-export the weights with the safetensors library, which writes a contiguous buffer.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-20'],
  },
  {
    id: 'safetensors/out-of-range',
    severity: 'high',
    title: 'SafeTensors tensor points past the end of the file',
    description:
      "A tensor's data_offsets end beyond the file. Careful loaders refuse the file; careless ones read " +
      'out of bounds of a memory map (crash or disclosure of adjacent memory).',
    fix: 'Treat the file as corrupt or hostile; obtain the weights again from a trusted source.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-125'],
  },
  {
    id: 'safetensors/trailing-data',
    severity: 'medium',
    title: 'Bytes after the last SafeTensors tensor',
    description:
      'Bytes follow the last tensor that no tensor indexes. Loaders ignore them, which makes the end of ' +
      'a SafeTensors file a place to append a payload or a second file format (a polyglot). The trailing ' +
      'bytes are scanned as nested content.',
    fix: 'Truncate the file to the indexed data or re-export it, and find out what appended the bytes.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
  },
];
