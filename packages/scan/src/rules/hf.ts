import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** ATLAS ids specific to repository review (checked against shared/data/mitre-atlas like the others). */
const HF_ATLAS = {
  /** AI Supply Chain Compromise: AI Software (code shipped with the model). */
  supplyChainSoftware: 'AML.T0010.001',
  /** User Execution: Malicious Package (code that runs when imported). */
  maliciousPackage: 'AML.T0011.001',
  /** Command and Scripting Interpreter. */
  interpreter: 'AML.T0050',
  /** AI Supply Chain Rug Pull: a dependency changes after review. */
  rugPull: 'AML.T0109',
  /** AI Supply Chain Compromise (unclear provenance of what is used). */
  supplyChain: 'AML.T0010',
} as const;

/**
 * Rules of the Hugging Face repository review (detectors/hf-repo). Severities follow what a user of
 * `from_pretrained` actually runs: code that executes at load time is high or critical, pickled weights
 * are medium (the artifact scanners judge their content), layout and licence notes are low or info.
 */
export const HF_RULES: readonly RuleDef[] = [
  {
    id: 'hf/remote-code-required',
    severity: 'high',
    title: 'Loading the model runs Python code from the repository',
    description:
      'A configuration file maps a class to code in the repository (`auto_map` in config.json, ' +
      'tokenizer_config.json, processor or preprocessor configs; `custom_pipelines`; a custom module in ' +
      "sentence-transformers' modules.json; a custom class in diffusers' model_index.json). Loading it " +
      'requires trust_remote_code=True, which imports the named .py file with the full rights of the ' +
      'loading process: arbitrary code execution by design. High, not critical, because the code is in ' +
      'the repository and can be reviewed (hf/dangerous-code reports what the review found).',
    fix:
      'Read the referenced .py files (and the files they import) before loading with ' +
      'trust_remote_code=True, pin the exact revision you reviewed, or use a model whose architecture ' +
      'is built into the library.',
    atlas: [ATLAS.supplyChainModel, ATLAS.unsafeArtifact, HF_ATLAS.maliciousPackage],
    cwe: ['CWE-94', 'CWE-829'],
    tags: ['trust-remote-code'],
  },
  {
    id: 'hf/remote-code-other-repo',
    severity: 'critical',
    title: 'Loading the model runs Python code from another repository',
    description:
      'A class reference of the form `owner/repo--module.Class` makes the loader download module.py ' +
      'from a different repository and execute it (trust_remote_code=True). That code is not part of ' +
      'what was scanned, so nothing here vouches for it, and its owner can change it at any time unless a ' +
      'code revision is pinned. Critical: code execution at load time from an unreviewed, mutable source.',
    fix:
      'Vendor the referenced module into this repository and review it, or pin the other repository ' +
      'to a reviewed commit (code_revision) and scan that commit too.',
    atlas: [ATLAS.supplyChainModel, HF_ATLAS.supplyChainSoftware, HF_ATLAS.rugPull],
    cwe: ['CWE-94', 'CWE-829'],
    tags: ['trust-remote-code'],
  },
  {
    id: 'hf/dangerous-code',
    severity: 'high',
    title: 'Python file calls a dangerous function',
    description:
      'A .py file of the repository runs shell commands, evaluates or imports code dynamically, ' +
      'unpickles data, opens network connections, loads native code, deletes trees or decodes base64 ' +
      '(a common way to hide a payload). High for any file; critical when the file runs at load time ' +
      '(referenced by auto_map or similar, directly or through relative imports), because then ' +
      'from_pretrained(..., trust_remote_code=True) alone triggers it.',
    fix:
      'Review the call in context. Model code has no reason to spawn processes, reach the network or ' +
      'evaluate strings; remove the call or do not load the repository.',
    atlas: [ATLAS.unsafeArtifact, HF_ATLAS.maliciousPackage, HF_ATLAS.interpreter],
    cwe: ['CWE-94', 'CWE-78', 'CWE-502'],
    tags: ['trust-remote-code'],
  },
  {
    id: 'hf/code-not-reviewed',
    severity: 'medium',
    title: 'Python code too large or too numerous to review',
    description:
      'Some .py files were larger than the review limit or beyond the file-count or total-size budget, ' +
      'so they were reviewed only in part or not at all. A scanner fails closed: unreviewed code is not ' +
      'safe code, and padding is a known way to push a payload past a scanner.',
    fix: 'Review the files by hand, or raise the limits if the repository is legitimately large.',
    atlas: [ATLAS.unsafeArtifact],
  },
  {
    id: 'hf/pickle-weights-only',
    severity: 'medium',
    title: 'Weights are only available in a pickle-based format',
    description:
      'Weights such as pytorch_model.bin, *.pt, *.pth, *.ckpt, *.pkl or *.joblib have no SafeTensors ' +
      'equivalent in the repository, so loading them means unpickling, which can run arbitrary code. ' +
      'Medium: names are only hints, and the pickle scanner judges what the files actually contain. ' +
      'Flax *.msgpack files are not reported: flax.serialization restores arrays without importing ' +
      'callables.',
    fix:
      'Convert the weights to SafeTensors (mlsec convert) and load those, or load with ' +
      'torch.load(weights_only=True).',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-502'],
  },
  {
    id: 'hf/pickle-weights-beside-safetensors',
    severity: 'low',
    title: 'Pickle-based weights ship beside their SafeTensors equivalent',
    description:
      'The repository has both SafeTensors weights and pickle-based copies (for example ' +
      'pytorch_model.bin beside model.safetensors). Loaders prefer SafeTensors, but use_safetensors=False, ' +
      'an older library, an incomplete SafeTensors shard set or a tool that globs *.bin picks the pickle ' +
      'variant, and nothing guarantees both copies hold the same weights.',
    fix: 'Delete the pickle copies, or pass use_safetensors=True when loading.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-502'],
  },
  {
    id: 'hf/pickle-training-state',
    severity: 'low',
    title: 'Pickled training state in the repository',
    description:
      'Files such as training_args.bin, optimizer.pt, scheduler.pt or rng_state.pth are pickles written ' +
      'by training loops. from_pretrained never loads them, but resuming training or inspecting them ' +
      'with torch.load unpickles them, which can run arbitrary code.',
    fix: 'Remove training state from published repositories, or load it only with weights_only=True.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-502'],
  },
  {
    id: 'hf/unparseable-config',
    severity: 'medium',
    title: 'Configuration file could not be parsed',
    description:
      'A configuration the review reads (config.json, tokenizer_config.json, modules.json, ...) is not ' +
      'valid JSON, is too large or too deep, or contains a key such as __proto__ or constructor that is ' +
      'used for prototype pollution. Its auto_map and custom code references could not be checked, so ' +
      'the review fails closed.',
    fix: 'Fix or regenerate the file (save_pretrained writes valid JSON) and scan again.',
    atlas: [ATLAS.supplyChainModel],
    cwe: ['CWE-1321', 'CWE-20'],
  },
  {
    id: 'hf/license',
    severity: 'info',
    title: 'Model licence',
    description:
      'The licence the model card declares in its YAML front matter (license, license_name, ' +
      'license_link). Reported so that licence review can happen alongside security review; mapped to ' +
      'supply chain compromise only as the provenance record of what is being used.',
    fix: 'Check that the licence permits your use of the model.',
    atlas: [HF_ATLAS.supplyChain],
  },
  {
    id: 'hf/license-missing',
    severity: 'low',
    title: 'Model licence not declared',
    description:
      'The repository has no model card, or its YAML front matter declares no licence (or could not be ' +
      'parsed). Using a model without knowing its licence is a legal and supply-chain risk: provenance ' +
      'is unclear.',
    fix: 'Add `license:` to the README.md front matter, or confirm the licence with the publisher.',
    atlas: [HF_ATLAS.supplyChain],
  },
];
