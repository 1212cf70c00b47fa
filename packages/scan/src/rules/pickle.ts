import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

const ATLAS_PICKLE = [ATLAS.unsafeArtifact, ATLAS.supplyChainModel];

/**
 * Rules of the pickle detector (PyTorch checkpoints, joblib and plain pickles, NumPy object arrays).
 * The global rules follow the policy's verdict (policy/): denied and called is critical (code runs on
 * load), denied but only imported is high (later opcodes can still reach it), neither allowed nor denied
 * is medium (needs a human). Structural rules are high when they can hide content from a scanner and
 * medium when they are only unusual.
 */
export const PICKLE_RULES: readonly RuleDef[] = [
  {
    id: 'pickle/dangerous-callable',
    severity: 'critical',
    title: 'Pickle calls a dangerous function on load',
    description:
      'The pickle imports a global on the denylist (process execution, dynamic code, import machinery, ' +
      'file or network access, ...) and calls it with REDUCE, INST, OBJ, NEWOBJ or BUILD. Unpickling ' +
      'the file (pickle.load, torch.load with weights_only=False, joblib.load) runs that call: this is ' +
      'arbitrary code execution. The evidence names the global, its denylist category and the opcode.',
    fix:
      'Do not load the file. Obtain the model from a trusted source, or convert it to SafeTensors in an ' +
      'isolated environment; torch.load(weights_only=True) refuses such globals.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502', 'CWE-94'],
    tags: ['code-execution'],
  },
  {
    id: 'pickle/dangerous-import',
    severity: 'high',
    title: 'Pickle imports a dangerous function',
    description:
      'The pickle imports a global on the denylist but no call to it was seen. Importing alone already ' +
      'runs the module import, and the object stays reachable: memo tricks, BUILD on a callable, or a ' +
      'later call through an allowed wrapper (functools.partial, copyreg) can still invoke it. ' +
      'Legitimate model files never need these globals.',
    fix:
      'Treat the file as unsafe. If the global is genuinely needed, review why, then suppress this ' +
      'finding with a baseline; do not allow it in the policy.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502'],
    tags: ['code-execution'],
  },
  {
    id: 'pickle/unknown-global',
    severity: 'medium',
    title: 'Pickle imports a global the policy does not know',
    description:
      'The pickle imports a global that is neither on the allowlist (tensors, arrays, estimators, ' +
      'standard containers) nor on the denylist. Any importable callable can be invoked by a pickle, ' +
      'and denylists are incomplete by nature, so an unknown global needs review: it may be a harmless ' +
      'class of your own code or a gadget no list has caught yet.',
    fix:
      'Check what the global does. If it only builds data, add it to the allow list of a --policy file ' +
      "(module.name, or module.*:class for a package's classes); otherwise treat the file as unsafe.",
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502'],
  },
  {
    id: 'pickle/extension-code',
    severity: 'high',
    title: 'Pickle uses the copyreg extension registry',
    description:
      'The pickle contains EXT1, EXT2 or EXT4 opcodes, which name a global by an integer code from the ' +
      "loading process's copyreg extension registry instead of by name. The scanner cannot know which " +
      'global a code resolves to in the victim process (applications and libraries may register ' +
      'codes), so the import is unchecked. Ordinary pickles never use extension codes.',
    fix: 'Do not load the file unless you know which extension codes the loading process registers.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502'],
  },
  {
    id: 'pickle/trailing-data',
    severity: 'high',
    title: 'Bytes follow the end of the pickle',
    description:
      'Data follows the STOP opcode that ends the pickle and is not another pickle. pickle.load stops at ' +
      'STOP, but loaders differ (a container may read from another offset, a polyglot file may be ' +
      'parsed as another format), so trailing bytes are a known way to hide a payload from scanners ' +
      'that stop at the first STOP.',
    fix: 'Find out what produced the extra bytes; regenerate the file from a trusted source.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502', 'CWE-436'],
  },
  {
    id: 'pickle/multiple-pickles',
    severity: 'medium',
    title: 'More pickles in the stream than its format uses',
    description:
      'The stream holds several pickles back to back where its container expects fewer (legacy ' +
      'torch.save files legitimately hold five; a data.pkl member or a joblib file holds one). A loader ' +
      'that calls load() repeatedly runs every one of them, and scanners that read only the first miss ' +
      'the rest. mlsec scanned all of them, and their globals are reported by the other rules, so this ' +
      'finding is medium: the structure itself is only unusual.',
    fix: 'Check which tool wrote the file; regenerate it from a trusted source if the extra pickles are unexpected.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-436'],
  },
  {
    id: 'pickle/nested-pickle',
    severity: 'high',
    title: 'Pickle deserializes an embedded payload',
    description:
      'A nested-deserialization global (pickle.loads, torch.storage._load_from_bytes, numpy.load, ...) ' +
      'is called on bytes embedded in this pickle. The embedded bytes were scanned as a nested artifact ' +
      'and their findings are reported with a member path; this finding records the nesting, which ' +
      'scanners that do not follow it miss. Plain pickles of torch tensors nest this way legitimately.',
    fix:
      'Review the nested findings. Prefer formats without nesting: torch.save for tensors, SafeTensors ' +
      'for weights.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502'],
  },
  {
    id: 'pickle/unparseable',
    severity: 'high',
    title: 'Pickle could not be parsed',
    description:
      'The pickle stream is malformed (unknown opcode, truncated argument, stack underflow, bad memo ' +
      'reference, invalid UTF-8, ...), so its globals could not all be checked. Python may still run ' +
      'the opcodes before the error, and malformed streams are a known way to make scanners give up: ' +
      'the scanner fails closed.',
    fix: 'Do not load the file; regenerate it from a trusted source.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-502'],
  },
  {
    id: 'pickle/too-large',
    severity: 'high',
    title: 'Pickle exceeds the analysis limits',
    description:
      'The pickle exceeds a configured limit (bytes, opcodes, memo entries, stack depth, string length), ' +
      'so the analysis stopped before the end and the rest was not checked. Oversized and deeply nested ' +
      'pickles are used both to exhaust scanners and to hide payloads past their limits.',
    fix:
      'Raise the limit if the file is expected to be that large (for example a large legacy ' +
      'checkpoint), and scan again; otherwise treat the file as unscanned.',
    atlas: ATLAS_PICKLE,
    cwe: ['CWE-400', 'CWE-502'],
  },
];
