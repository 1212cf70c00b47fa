import { snippet } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { parseGguf, templateReferences } from '@mlsec/formats';
import type { GgufEntry, TemplateReference } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { reportIssues } from './report-issues.ts';

/** `tokenizer.chat_template` and the named templates `tokenizer.chat_template.<name>` (gguf.md). */
const TEMPLATE_KEY = /^tokenizer\.chat_template(\..+)?$/;

/**
 * Python internals: a template names these only to walk from an object to its class, module globals
 * or builtins — the first steps of every Jinja server-side template injection (SSTI) payload.
 */
const INTERNALS = new Set([
  'mro',
  'subclasses',
  'globals',
  'builtins',
  'func_globals',
  'f_globals',
  'f_locals',
  'f_back',
  'gi_frame',
  'gi_code',
  'co_code',
  'tb_frame',
  'cr_frame',
  'im_func',
  'func_code',
  // Jinja's own globals whose __globals__ reach a module (lipsum → jinja2.utils, cycler, joiner).
  'lipsum',
  'cycler',
  'joiner',
  'getattr',
  'setattr',
  'delattr',
  'eval',
  'exec',
  'execfile',
  'subprocess',
  'popen',
  'popen2',
  'check_output',
  'check_call',
  'getoutput',
  'import_module',
]);

/**
 * Names that are dangerous when used as code — an attribute, a call, or something whose members are
 * read (`os.popen`) — but may appear as plain variables in a normal template (`{% if system %}`).
 */
const CONTEXTUAL = new Set([
  'os',
  'posix',
  'nt',
  'sys',
  'system',
  'spawn',
  'spawnl',
  'spawnv',
  'execv',
  'execve',
  'fork',
  'compile',
  'open',
  'import',
  'importlib',
  'self',
  'config',
  'request',
  'application',
  'url_for',
  'get_flashed_messages',
  'attr',
]);

/** Template-loading statements: chat templates have no loader, so these only reach for files. */
const LOADING_STATEMENTS = new Set(['import', 'from', 'include', 'extends']);

/** Python special names that SSTI payloads walk through; other `__x__` text may be a plain marker. */
const PYTHON_DUNDER =
  /__(class|mro|subclasses|globals|builtins|bases?|init|import|dict|getattr|getattribute|code|reduce|reduce_ex|self|func|loader|spec|module|closure|call|new|subclasshook|objclass|wrapped|name|qualname|getitem|setattr|delattr)__/;
/** A piece of a dunder name (`'__cla'`, `'ss__'`), when it is joined to something or used as a key. */
const DUNDER_PIECE = /^(__\w*|\w*__)$/;

const isNamed = (v: string): boolean =>
  INTERNALS.has(v.toLowerCase()) || CONTEXTUAL.has(v.toLowerCase());

/** Why one reference is dangerous, or undefined. */
function judge(ref: TemplateReference, formatsChars: boolean): string | undefined {
  const v = ref.value;
  switch (ref.role) {
    case 'statement':
      return LOADING_STATEMENTS.has(v) ? `{% ${v} %}` : undefined;
    case 'string':
      if (ref.obfuscated) return `string spelled with escapes ('${v}')`;
      if (PYTHON_DUNDER.test(v)) return `'${v}'`;
      if ((ref.joined || ref.subscript) && DUNDER_PIECE.test(v)) return `'${v}'`;
      if (ref.subscript && (v.startsWith('_') || isNamed(v))) return `['${v}']`;
      if (formatsChars && v.includes('%c')) return `'${v}'|format (characters from numbers)`;
      return undefined;
    case 'concatenation':
      if (PYTHON_DUNDER.test(v) || /^__\w+__$/.test(v)) return `'${v}' built from pieces`;
      if (ref.subscript && (v.startsWith('_') || isNamed(v))) return `['${v}'] built from pieces`;
      return undefined;
    default:
      break;
  }
  if (v.startsWith('__')) return v;
  if (ref.role === 'attribute' && v.startsWith('_')) return `.${v}`;
  if (INTERNALS.has(v)) return v;
  if (ref.role === 'filter' && v === 'attr') return '|attr';
  if (CONTEXTUAL.has(v) && (ref.role !== 'name' || ref.called || ref.member))
    return ref.called ? `${v}(` : v;
  return undefined;
}

/** Every dangerous construct of a template, in order of first appearance, without repeats. */
export function dangerousConstructs(template: string): string[] {
  const { references } = templateReferences(template);
  const formatsChars = references.some(
    (r) => (r.role === 'filter' || r.role === 'attribute') && r.value === 'format',
  );
  const found = new Set<string>();
  for (const ref of references) {
    const why = judge(ref, formatsChars);
    if (why !== undefined) found.add(why);
  }
  return [...found];
}

function checkTemplate(ctx: ScanContext, entry: GgufEntry): void {
  const key = snippet(entry.key, 80);
  const values =
    typeof entry.value === 'string'
      ? [entry.value]
      : typeof entry.value === 'object' &&
          typeof entry.value !== 'bigint' &&
          entry.value.itemType === 'string'
        ? entry.value.items.filter((v): v is string => typeof v === 'string')
        : undefined;
  if (values === undefined || entry.truncated) {
    ctx.report({
      ruleId: 'gguf/template-unchecked',
      message: `The chat template ${key} ${values === undefined ? `is a ${entry.type}, not a string` : 'is longer than the string limit'}, so it was not fully checked.`,
      evidence: { key },
      offset: entry.offset,
    });
  }
  const constructs = (values ?? []).flatMap(dangerousConstructs);
  if (constructs.length === 0) return;
  const shown = [...new Set(constructs)].slice(0, 8).map((c) => snippet(c, 60));
  ctx.report({
    ruleId: 'gguf/template-injection',
    message: `The chat template ${key} reaches Python internals (${shown.join(', ')}): rendering it can run code.`,
    evidence: { key, constructs: shown.join(' '), count: constructs.length },
    key: [key],
    offset: entry.offset,
  });
}

function ruleOf(found: FormatIssue): string {
  if (found.fatal) return 'gguf/unparseable';
  if (/TENSOR/.test(found.code)) return 'gguf/invalid-tensor-info';
  return 'gguf/invalid-metadata';
}

/**
 * GGUF models. Every chat template in the metadata is lexed as Jinja and checked for constructs that
 * reach Python internals (Jinja SSTI); the Jinja-aware lexer looks only at code inside `{{ }}` and
 * `{% %}`, so the words of normal templates (messages, loop, raise_exception, namespace) and prose in
 * template text do not count. Parser issues become findings; templates in a file that could only be
 * partly parsed are still checked. Issue messages come from the parser, already snippet()-escaped.
 */
export const ggufDetector: Detector = {
  id: 'gguf',
  formats: ['gguf'],
  async run(ctx: ScanContext) {
    const result = await parseGguf(ctx.source, ctx.limits);
    reportIssues(ctx, result.issues, 'GGUF', ruleOf);
    const file = result.ok ? result.value : result.partial;
    for (const entry of file?.entries ?? []) {
      if (TEMPLATE_KEY.test(entry.key)) checkTemplate(ctx, entry);
    }
  },
};
