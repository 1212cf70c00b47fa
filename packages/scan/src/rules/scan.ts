import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** Rules the engine itself raises, whatever the format. */
export const SCAN_RULES: readonly RuleDef[] = [
  {
    id: 'scan/unreadable',
    severity: 'high',
    title: 'File could not be read',
    description:
      'The file exists but could not be opened or read (permissions, I/O error), so it was not scanned. ' +
      'A scanner fails closed: an unscanned artifact is not a safe one.',
    fix: 'Make the file readable by the scanning user and scan again, or remove it from the artifact set.',
    atlas: [ATLAS.unsafeArtifact],
  },
  {
    id: 'scan/too-deep',
    severity: 'high',
    title: 'Nesting deeper than the limit',
    description:
      'Archives or compressed payloads are nested deeper than the configured limit, so the innermost ' +
      'content was not scanned. Deep nesting is a known way to hide payloads from scanners.',
    fix: 'Unpack the artifact and scan its contents, or raise the depth limit if the nesting is legitimate.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-409'],
  },
  {
    id: 'scan/internal-error',
    severity: 'high',
    title: 'Scanner failed on this artifact',
    description:
      'A detector stopped with an unexpected error on this artifact, so the artifact was not fully ' +
      'scanned. Treat it as unscanned.',
    fix: 'Report the error to the mlsec maintainers with the artifact if you can share it.',
    atlas: [ATLAS.unsafeArtifact],
  },
  {
    id: 'scan/unrecognized-model-file',
    severity: 'medium',
    title: 'Model-like file of unknown format',
    description:
      'The file name suggests a model or serialized object (for example .pt, .pkl, .bin), but its content ' +
      'matches no format mlsec knows, so nothing in it was checked.',
    fix: 'Check what produced the file; convert models to SafeTensors where possible.',
    atlas: [ATLAS.unsafeArtifact],
  },
];
