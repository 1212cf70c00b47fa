import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** Rules of the ONNX detector. */
export const ONNX_RULES: readonly RuleDef[] = [
  {
    id: 'onnx/external-data-escape',
    severity: 'critical',
    title: 'ONNX external data points outside the model folder',
    description:
      'A tensor stores its data in an external file whose location is absolute, climbs out of the ' +
      'model\'s folder with "..", names a drive or is a URL. Loading the model reads that file into a ' +
      'tensor (for example /etc/passwd or a private key), from where inference can disclose it. onnx ' +
      'fixed the path traversal in its loader (CVE-2024-27318, CVE-2024-27319); other loaders differ.',
    fix: 'Do not load the model. External data must be a relative path inside the model folder.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-22', 'CWE-73'],
  },
  {
    id: 'onnx/custom-operator-domain',
    severity: 'medium',
    title: 'ONNX model uses operators from a custom domain',
    description:
      "Nodes use an operator domain other than the ONNX standard domains ('', ai.onnx, ai.onnx.ml, " +
      "ai.onnx.training, ai.onnx.preview.training) and ONNX Runtime's built-in com.microsoft contrib " +
      'operators, and no function in the model defines them. Such operators run only if the loader ' +
      'registers a native custom-op library (register_custom_ops_library): code outside the model that ' +
      'the model asks you to load.',
    fix:
      'Find out which library implements the domain, review and pin it, and load custom-op libraries only ' +
      'from trusted builds. Prefer models that use standard operators.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-829'],
  },
  {
    id: 'onnx/unparseable',
    severity: 'high',
    title: 'ONNX model could not be parsed',
    description:
      'The file looks like an ONNX protobuf but is truncated, not valid protobuf, has no graph, nests ' +
      'subgraphs deeper than the limit or exceeds the size limits, so its operators and external data ' +
      'were not checked. A scanner fails closed.',
    fix: 'Check the model with onnx.checker.check_model and re-export it; scan again.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'onnx/malformed',
    severity: 'medium',
    title: 'ONNX model has malformed fields',
    description:
      'Fields have the wrong protobuf wire type, strings exceed the limit, ir_version is missing, or ' +
      'external-data entries lack a location or have non-numeric offsets. Loaders may read such a model ' +
      'differently from the scanner.',
    fix: 'Check the model with onnx.checker.check_model and re-export it.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'onnx/external-data',
    severity: 'info',
    title: 'ONNX model loads tensor data from other files',
    description:
      'Tensors of the model are stored in files beside it (ONNX external data). Those files are part of ' +
      'the model: they must be distributed, hashed, signed and scanned with it.',
    fix: 'Keep the external files with the model and include them in its manifest or signature.',
    atlas: [ATLAS.supplyChainModel],
  },
];
