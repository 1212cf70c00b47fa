import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** Rules of the NumPy .npy detector. */
export const NUMPY_RULES: readonly RuleDef[] = [
  {
    id: 'numpy/object-array',
    severity: 'medium',
    title: 'NumPy array of Python objects (pickle inside)',
    description:
      'The dtype holds Python objects, so the array data is a pickle and np.load needs ' +
      'allow_pickle=True, which lets the file run code. The pickle itself is scanned as nested content; ' +
      'this finding says that loading the file requires trusting it.',
    fix:
      'Store numeric data with a plain dtype (or SafeTensors) and keep allow_pickle=False; if the file ' +
      'must hold objects, load it only from a trusted source.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-502'],
  },
  {
    id: 'numpy/unparseable',
    severity: 'high',
    title: 'NumPy .npy header could not be parsed',
    description:
      'The file starts like a .npy file but its version, header length or header dict is invalid or ' +
      'exceeds the limits, so whether it holds a pickle could not be decided. A scanner fails closed.',
    fix: 'Re-save the array with np.save from a trusted copy and scan again.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'numpy/malformed',
    severity: 'medium',
    title: 'NumPy .npy header is unusual or inconsistent',
    description:
      'The header uses a dtype description numpy does not write, repeats a key, or declares more data ' +
      'than the file holds. numpy may still load it, differently from what a reader of the header expects.',
    fix: 'Re-save the array with np.save and compare it with the original.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'numpy/trailing-data',
    severity: 'medium',
    title: 'Bytes after the NumPy array data',
    description:
      'Bytes follow the array data that np.load never reads: a place to append a payload or a second ' +
      'file format. The trailing bytes are scanned as nested content.',
    fix: 'Re-save the array with np.save and find out what appended the bytes.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
  },
];
