import { snippet } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { evaluatePickle } from '@mlsec/formats';
import type { PickleAnalysis, PickleValue } from '@mlsec/formats';
import { RefusalError, checkAnalysis } from './interpret-refusal.ts';
import type {
  InterpretOptions,
  InterpretResult,
  StateDictInterpretation,
  TensorDescriptor,
} from './interpret-types.ts';
import { Walker } from './interpret-walk.ts';
import type { Node } from './interpret-walk.ts';

/** Top-level keys of training checkpoints whose value is the model's state dict, in order of preference. */
const WRAPPERS = ['state_dict', 'model'] as const;
const MAX_NOTICES = 20;

function hasTensor(node: Node): boolean {
  if (node.kind === 'tensor') return true;
  if (node.kind === 'map') return node.entries.some(([, n]) => hasTensor(n));
  if (node.kind === 'seq') return node.items.some(hasTensor);
  return false;
}

class Flattener {
  readonly tensors: TensorDescriptor[] = [];
  readonly notices: string[] = [];
  private readonly names = new Set<string>();
  private leaves = 0;
  private readonly maxLeaves: number;
  private skipped = 0;

  constructor(maxLeaves: number) {
    this.maxLeaves = maxLeaves;
  }

  notice(text: string): void {
    if (this.notices.length < MAX_NOTICES) this.notices.push(text);
    else this.skipped++;
  }

  finish(): void {
    if (this.skipped > 0) this.notices.push(`${this.skipped} more values left out`);
  }

  /** Names are dotted paths: dict keys, and list positions for lists (nn.ModuleList style). */
  add(node: Node, prefix: string): void {
    if (++this.leaves > this.maxLeaves) {
      throw new RefusalError({
        code: 'unsupported',
        message: `more than ${this.maxLeaves} values to name`,
      });
    }
    if (node.kind === 'tensor') {
      const name = prefix === '' ? 'tensor' : prefix;
      if (this.names.has(name)) {
        throw new RefusalError({
          code: 'malformed',
          message: `two tensors would be named ${snippet(name)}`,
        });
      }
      this.names.add(name);
      this.tensors.push({ name, ...node.tensor });
    } else if (node.kind === 'map' || node.kind === 'seq') {
      const entries =
        node.kind === 'map' ? node.entries : node.items.map((n, i) => [String(i), n] as const);
      for (const [key, child] of entries) this.add(child, prefix === '' ? key : `${prefix}.${key}`);
    } else {
      this.notice(
        `${snippet(prefix === '' ? '(root)' : prefix)} is a ${node.type}, not a tensor; left out`,
      );
    }
  }
}

/** Names on one storage with the same offset, shape, stride and dtype, in tensor order. */
function tiedGroups(tensors: readonly TensorDescriptor[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const t of tensors) {
    const key = JSON.stringify([t.storageKey, t.storageOffset, t.dtype, t.shape, t.stride]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t.name]);
    else group.push(t.name);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Interpret a checkpoint pickle's root value (from evaluatePickle) as a state dict, by an allow-list:
 * `collections.OrderedDict()`, plain dicts/lists/tuples, `torch._utils._rebuild_tensor_v2`,
 * `_rebuild_parameter(_with_state)`, typed/untyped storage classes and dtype objects, and `('storage',
 * ...)` persistent ids (zip and legacy). Every global and call in `analysis` must be on the list too, so a
 * payload whose result is discarded still stops the conversion. Nothing is imported or executed.
 * A `state_dict` or `model` wrapper holding the tensors is unwrapped; its siblings (optimizer state,
 * epoch...) are dropped with a notice.
 *
 * @example
 * const evaluated = evaluatePickle(dataPkl, DEFAULT_LIMITS);
 * if (evaluated.ok) {
 *   const result = interpretStateDict(evaluated.value.root, evaluated.value.analysis);
 *   if (!result.ok) console.error(result.refusal.message); // global posix.system at offset 2 ...
 * }
 */
export function interpretStateDict(
  root: PickleValue,
  analysis: PickleAnalysis,
  options: InterpretOptions = {},
): InterpretResult {
  const refused = checkAnalysis(analysis);
  if (refused !== undefined) return { ok: false, refusal: refused };
  try {
    const walker = new Walker(options.maxDepth ?? 64);
    const tree = walker.walk(root);
    const flat = new Flattener(options.maxLeaves ?? 1_000_000);
    let unwrapped: string | undefined;
    if (tree.kind === 'map') {
      unwrapped = WRAPPERS.find((w) =>
        tree.entries.some(([k, n]) => k === w && n.kind === 'map' && hasTensor(n)),
      );
    }
    if (tree.kind === 'map' && unwrapped !== undefined) {
      for (const [key, node] of tree.entries) {
        if (key === unwrapped) flat.add(node, '');
        else if (/optim/i.test(key)) flat.notice(`optimizer state ${snippet(key)} dropped`);
        else flat.notice(`${snippet(key)} dropped (beside the ${unwrapped} state dict)`);
      }
    } else {
      flat.add(tree, '');
    }
    flat.finish();
    const value: StateDictInterpretation = {
      tensors: flat.tensors,
      storages: [...walker.storages.values()],
      tied: tiedGroups(flat.tensors),
      notices: flat.notices,
      ...(unwrapped === undefined ? {} : { unwrapped }),
    };
    return { ok: true, value };
  } catch (thrown) {
    if (thrown instanceof RefusalError) return { ok: false, refusal: thrown.refusal };
    throw thrown;
  }
}

/**
 * evaluatePickle then interpretStateDict: the first pickle of `bytes` (a zip checkpoint's `data.pkl`, or
 * a legacy file from the main pickle's offset). A pickle that cannot be decoded is refused as malformed.
 */
export function interpretCheckpointPickle(
  bytes: Uint8Array,
  limits: Limits,
  options: InterpretOptions = {},
): InterpretResult & { readonly end?: number } {
  const evaluated = evaluatePickle(bytes, limits);
  if (!evaluated.ok) {
    const first = evaluated.issues.find((i) => i.fatal === true) ?? evaluated.issues[0];
    return {
      ok: false,
      refusal: {
        code: 'malformed',
        message: `the pickle cannot be read: ${first?.code ?? 'unknown problem'}`,
        ...(first?.offset === undefined ? {} : { offset: first.offset }),
        ...(first === undefined ? {} : { issue: first.code }),
      },
    };
  }
  const result = interpretStateDict(evaluated.value.root, evaluated.value.analysis, options);
  return { ...result, end: evaluated.value.analysis.end };
}
