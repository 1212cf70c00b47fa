import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** ATLAS AML.T0050 Command and Scripting Interpreter (not yet in the shared ATLAS constants). */
const COMMAND_INTERPRETER = 'AML.T0050';

/** Rules of the GGUF detector: chat templates are Jinja code; the rest is structure. */
export const GGUF_RULES: readonly RuleDef[] = [
  {
    id: 'gguf/template-injection',
    severity: 'critical',
    title: 'GGUF chat template reaches Python internals',
    description:
      'The chat template stored in the model (tokenizer.chat_template) is Jinja code rendered on every ' +
      'request. This one reaches Python internals — dunder attributes such as __class__ or __globals__, ' +
      'os/popen/eval, the attr filter, names built from string pieces or escapes — which is how a ' +
      'template escapes to run commands when it is rendered without a sandbox (CVE-2024-34359, ' +
      'llama-cpp-python) and how sandbox escapes are attempted. Normal templates only loop over ' +
      'messages and format strings.',
    fix:
      "Do not serve the model. Replace the chat template with the publisher's reviewed template (or " +
      'override it in your server) and render templates only in a sandboxed Jinja environment.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel, COMMAND_INTERPRETER],
    cwe: ['CWE-1336', 'CWE-94'],
  },
  {
    id: 'gguf/template-unchecked',
    severity: 'high',
    title: 'GGUF chat template could not be checked',
    description:
      'A chat template key holds a value that could not be analysed: longer than the string limit (only ' +
      'a prefix was read) or not a string. Template code that was not checked may be dangerous.',
    fix: 'Read the template with gguf-py (gguf-dump) and review it, or raise the string limit and scan again.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-1336'],
  },
  {
    id: 'gguf/unparseable',
    severity: 'high',
    title: 'GGUF file could not be parsed',
    description:
      'The file starts with the GGUF magic but its version, counts, metadata or tensor infos are invalid, ' +
      'truncated or beyond the limits. GGUF readers have had memory-safety bugs on exactly such input ' +
      "(heap overflows in ggml's gguf parser), and the rest of the file was not checked. Metadata read " +
      'before the failure is still checked.',
    fix: 'Do not load the file; obtain it again from the publisher and compare checksums.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20', 'CWE-122'],
  },
  {
    id: 'gguf/invalid-tensor-info',
    severity: 'medium',
    title: 'GGUF tensor info is invalid',
    description:
      'A tensor info record has an unknown ggml type, more than four dimensions, a row that is not a ' +
      'whole number of quantisation blocks, a misaligned offset, data past the end of the file, bytes ' +
      'shared with another tensor, or a duplicate name. Loaders refuse such files or misread them.',
    fix: 'Re-convert the model with a current llama.cpp (convert_hf_to_gguf.py) and scan again.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'gguf/invalid-metadata',
    severity: 'medium',
    title: 'GGUF metadata is inconsistent',
    description:
      'The metadata repeats a key (llama.cpp refuses the file, other readers keep one copy or the other), ' +
      'sets general.alignment to something other than a power-of-two uint32, stores a bool that is not ' +
      '0 or 1, or holds strings that are not UTF-8 or exceed the string limit.',
    fix: 'Re-convert the model with a current llama.cpp and compare the metadata with gguf-dump.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
];
