import { snippet } from '@mlsec/core';
import type { RepoContext } from '../../engine/context.ts';
import { baseOf, dirOf, joinPath } from './layout.ts';

/**
 * Repository layout review of weight files, by name only (the artifact scanners identify content).
 * Weights are grouped into families: the shards and variants of one model file, e.g.
 * pytorch_model-00001-of-00002.bin and model-00001-of-00002.safetensors are both family "model".
 */

/** Pickles written by training loops (transformers Trainer, accelerate); never loaded by from_pretrained. */
const TRAINING_STATE =
  /^(training_args\.bin|(optimizer|scheduler|scaler)\.(pt|bin)|rng_state(_\d+)?\.pth)$/;
/** Pickle-based weight names: HF .bin names (other .bin files are often not pickles), and torch/joblib. */
const PICKLE_WEIGHTS = [
  /^(diffusion_)?pytorch_model.*\.bin$/,
  /^adapter_model.*\.bin$/,
  /\.(pt|pth|ckpt|pkl|pickle|joblib|dill)$/,
];
const SHARD = /-(\d+)-of-(\d+)$/;

/** Family of a weight file: folder + stem without extension and shard suffix; pytorch_model ↔ model. */
function familyOf(
  file: string,
  extension: RegExp,
): { family: string; shard?: { index: number; total: number } } {
  let stem = baseOf(file).replace(extension, '');
  const match = SHARD.exec(stem);
  stem = stem.replace(SHARD, '').replace(/^pytorch_model/, 'model');
  const family = joinPath(dirOf(file), stem);
  return match
    ? { family, shard: { index: Number(match[1]), total: Number(match[2]) } }
    : { family };
}

interface SafetensorsFamily {
  readonly files: string[];
  readonly shards: Set<number>;
  total: number;
}

/** Report pickle-based weights with and without a SafeTensors equivalent, and pickled training state. */
export function reviewWeights(ctx: RepoContext, files: readonly string[]): void {
  const safetensors = new Map<string, SafetensorsFamily>();
  for (const file of files.filter((f) => f.endsWith('.safetensors'))) {
    const { family, shard } = familyOf(file, /\.safetensors$/);
    const entry = safetensors.get(family) ?? { files: [], shards: new Set<number>(), total: 0 };
    entry.files.push(file);
    if (shard) {
      entry.shards.add(shard.index);
      entry.total = Math.max(entry.total, shard.total);
    }
    safetensors.set(family, entry);
  }

  const pickles = new Map<string, string[]>();
  for (const file of files) {
    const name = baseOf(file);
    if (TRAINING_STATE.test(name)) {
      ctx.report({
        ruleId: 'hf/pickle-training-state',
        file,
        message: `${snippet(file, 120)} is pickled training state: torch.load on it can run code.`,
        evidence: { file: snippet(file) },
      });
    } else if (PICKLE_WEIGHTS.some((re) => re.test(name))) {
      const { family } = familyOf(file, /\.[A-Za-z]+$/);
      const group = pickles.get(family) ?? [];
      group.push(file);
      pickles.set(family, group);
    }
  }

  for (const [family, group] of [...pickles].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const first = group[0] ?? family;
    const what =
      group.length === 1
        ? snippet(first, 120)
        : `${group.length} files (${snippet(first, 120)}, ...)`;
    const twin = safetensors.get(family);
    if (twin === undefined) {
      ctx.report({
        ruleId: 'hf/pickle-weights-only',
        file: first,
        message: `Pickle-based weights ${what} have no SafeTensors equivalent: loading them unpickles, which can run code.`,
        evidence: { family: snippet(family), files: group.length },
        key: [snippet(family)],
      });
      continue;
    }
    // A shard set is complete when every index 1..total is present (names only; the index json may differ).
    const complete = twin.total === 0 || twin.shards.size === twin.total;
    ctx.report({
      ruleId: 'hf/pickle-weights-beside-safetensors',
      file: first,
      message:
        `Pickle-based weights ${what} ship beside SafeTensors ${snippet(twin.files[0] ?? '', 120)}` +
        (complete
          ? ': a loader told not to use SafeTensors, or globbing *.bin, unpickles them.'
          : `, whose shard set is incomplete (${twin.shards.size} of ${twin.total}): loaders may fall back to the pickles.`),
      evidence: {
        family: snippet(family),
        files: group.length,
        safetensors: snippet(twin.files[0] ?? ''),
        safetensorsComplete: complete,
      },
      key: [snippet(family)],
    });
  }
}
