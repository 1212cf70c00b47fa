import { snippet } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import {
  analyseKerasConfig,
  decodeJsonBytes,
  looksLikeKerasConfig,
  parseKerasConfig,
} from '@mlsec/formats';
import type { KerasReference } from '@mlsec/formats';
import type { Detector, ScanContext } from '../engine/context.ts';
import { KERAS_ABUSED_FUNCTIONS } from '../rules/keras.ts';

/** Largest Keras config read into memory: a config.json or a model_config attribute. */
export function kerasConfigCap(limits: Limits): number {
  return Math.min(limits.maxBytes, 64 * 1024 * 1024);
}

/** Where a config came from, for messages and evidence. */
export interface ConfigOrigin {
  /** 'config.json', 'the model_config attribute', … */
  readonly label: string;
  /** Extra evidence on every finding (e.g. { attribute: 'model_config' }). */
  readonly evidence?: Readonly<Record<string, string>>;
}

/**
 * What makes unparseable JSON worth a keras/unparseable finding: every Keras 2 and 3 config names a
 * `class_name`. (`"module"` alone is not enough: tsconfig.json and other JSON-with-comments files
 * have it.)
 */
const KERAS_HINT = /"class_name"\s*:/;
const JSON_OBJECT_START = /^[ \t\n\r]*\{/;

const lastName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Pointers are built from untrusted keys and can be long: keep reports readable. */
const MAX_POINTER = 512;
const clipPointer = (pointer: string): string =>
  pointer.length > MAX_POINTER ? `${pointer.slice(0, MAX_POINTER - 1)}…` : pointer;

/** Report marshalled lambdas and unsafe references of a parsed Keras config. */
export function reportKerasConfig(ctx: ScanContext, config: unknown, origin: ConfigOrigin): void {
  const extra = origin.evidence ?? {};
  const analysis = analyseKerasConfig(config, ctx.limits);
  const found = analysis.ok ? analysis.value : analysis.partial;
  if (!analysis.ok) {
    const cause = analysis.issues[0];
    ctx.report({
      ruleId: 'keras/unparseable',
      message: `The Keras config in ${origin.label} could not be fully checked: ${snippet(cause?.message ?? 'limit reached', 120)}.`,
      evidence: { ...extra, code: cause?.code ?? 'KERAS_CONFIG_TOO_LARGE' },
    });
  }
  for (const lambda of found?.lambdas ?? []) {
    const names = lambda.strings.join(', ');
    const layer =
      lambda.layerName === undefined
        ? 'A Lambda layer'
        : `Lambda layer "${snippet(lambda.layerName, 80)}"`;
    ctx.report({
      ruleId: 'keras/lambda-layer',
      message:
        `${layer} in ${origin.label} carries ${lambda.codeBytes} bytes of marshalled Python bytecode that ` +
        `runs when the model is loaded${names ? ` (names: ${snippet(names, 120)})` : ''}.`,
      pointer: clipPointer(lambda.pointer),
      evidence: {
        ...extra,
        style: lambda.style,
        field: lambda.field,
        codeBytes: lambda.codeBytes,
        names: snippet(names),
        ...(lambda.layerName === undefined ? {} : { layer: snippet(lambda.layerName, 80) }),
      },
      key: [...Object.values(extra), lambda.field],
    });
  }
  reportReferences(ctx, found?.references ?? [], origin);
}

/** Modules whose functions Keras or TensorFlow resolve themselves: abused names there are gadgets. */
const KERAS_FAMILY = /^(?:keras|tf_keras|tensorflow|tf|keras_hub|keras_nlp|keras_cv)(?:\.|$)/;

/**
 * Judge one reference: a reason string when it is a known gadget or denied by the policy (critical),
 * null when it names a module outside the allowed config modules (high), undefined when it is fine.
 * TFOpLambda functions are public TensorFlow API symbols, looked up rather than imported, so only
 * gadgets among them are reported.
 */
function judge(ctx: ScanContext, ref: KerasReference): string | null | undefined {
  const verdict =
    ref.module === undefined ? undefined : ctx.policy.classifyGlobal(ref.module, ref.name);
  if (verdict?.kind === 'dangerous') return `${verdict.category}: ${verdict.reason}`;
  const native = ref.kind === 'tf-op' || ref.module === undefined || KERAS_FAMILY.test(ref.module);
  const gadget = native ? KERAS_ABUSED_FUNCTIONS.get(lastName(ref.name)) : undefined;
  if (gadget !== undefined) return gadget;
  if (
    ref.kind === 'tf-op' ||
    ref.module === undefined ||
    ctx.policy.isAllowedConfigModule(ref.module)
  ) {
    return undefined;
  }
  return null;
}

/** One finding per distinct module + name and verdict, at its first pointer, with an occurrence count. */
function reportReferences(
  ctx: ScanContext,
  references: readonly KerasReference[],
  origin: ConfigOrigin,
): void {
  const groups = new Map<
    string,
    { ref: KerasReference; reason: string | undefined; count: number }
  >();
  for (const ref of references) {
    const verdict = judge(ctx, ref);
    if (verdict === undefined) continue;
    const reason = verdict ?? undefined;
    const id = `${ref.module ?? ''}\0${ref.name}\0${reason ?? ''}`;
    const group = groups.get(id);
    if (group) group.count++;
    else groups.set(id, { ref, reason, count: 1 });
  }
  for (const { ref, reason, count } of groups.values()) {
    const qualified = ref.module === undefined ? ref.name : `${ref.module}.${ref.name}`;
    const action =
      ref.kind === 'class'
        ? 'imports and instantiates'
        : ref.kind === 'tf-op'
          ? 'calls'
          : 'imports and can call';
    const why = reason ?? 'it is outside the allowed Keras modules';
    ctx.report({
      ruleId: 'keras/unsafe-module-reference',
      ...(reason === undefined ? {} : { severity: 'critical' as const }),
      message:
        `${capitalize(origin.label)} names ${ref.kind} ${snippet(qualified, 120)}, which Keras ${action} while loading ` +
        `the model; ${snippet(why, 160)}${count > 1 ? ` (${count} places)` : ''}.`,
      pointer: clipPointer(ref.pointer),
      evidence: {
        ...(origin.evidence ?? {}),
        module: snippet(ref.module ?? '', 120),
        name: snippet(ref.name, 120),
        kind: ref.kind,
        occurrences: count,
        ...(reason === undefined ? {} : { reason: snippet(reason, 160) }),
      },
      key: [...Object.values(origin.evidence ?? {}), ref.module ?? '', ref.name],
    });
  }
}

/**
 * Keras configs in JSON files: `config.json` inside a `.keras` archive (the zip detector hands each
 * member to the engine), `model.to_json()` output, or any JSON object shaped like a Keras config. The
 * bytes are decoded as Python's json.loads would (BOMs, UTF-16/32), so this also runs on files
 * identified as text or unknown, after a cheap check that they start with a JSON object.
 */
export const jsonConfigDetector: Detector = {
  id: 'json-config',
  formats: ['json', 'text', 'unknown'],
  async run(ctx) {
    const size = ctx.source.size;
    const head = decodeJsonBytes(await ctx.source.read(0, Math.min(size, 1024)));
    if (!JSON_OBJECT_START.test(head)) return;
    const cap = kerasConfigCap(ctx.limits);
    if (size > cap) {
      const start = decodeJsonBytes(await ctx.source.read(0, Math.min(size, 64 * 1024)));
      if (KERAS_HINT.test(start)) {
        ctx.report({
          ruleId: 'keras/unparseable',
          message: `This ${size}-byte JSON document looks like a Keras config but is larger than the ${cap}-byte limit, so it was not checked.`,
          evidence: { code: 'KERAS_CONFIG_TOO_LARGE', size },
        });
      }
      return;
    }
    const text = decodeJsonBytes(await ctx.source.read(0, size));
    const parsed = parseKerasConfig(text, ctx.limits);
    if (!parsed.ok) {
      if (!KERAS_HINT.test(text)) return; // not ours: some other malformed JSON
      const cause = parsed.issues[0];
      ctx.report({
        ruleId: 'keras/unparseable',
        message: `This JSON document looks like a Keras config but could not be parsed: ${snippet(cause?.message ?? 'syntax error', 120)}.`,
        evidence: { code: cause?.code ?? 'KERAS_JSON_SYNTAX' },
      });
      return;
    }
    if (!looksLikeKerasConfig(parsed.value)) return;
    reportKerasConfig(ctx, parsed.value, { label: 'the config' });
  },
};
