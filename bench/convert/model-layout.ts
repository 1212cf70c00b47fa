import type { BenchDtype, StateDictSpec, StorageSpec, TensorSpec } from './state-dict-pickle.ts';

/** A Llama-style decoder: grouped-query attention, gated MLP, RMS norms, tied embeddings. */
export interface TransformerShape {
  readonly hidden: number;
  /** Width of k_proj / v_proj outputs (grouped-query attention). */
  readonly kvDim: number;
  readonly ffn: number;
  readonly vocab: number;
  readonly layers: number;
  /** dtype of each layer's weights (the embedding and the final norm are F32). */
  readonly layerDtype: (layer: number) => BenchDtype;
}

const lastTwoHalf = (layers: number) => (layer: number) =>
  layer === layers - 1 ? 'BF16' : layer === layers - 2 ? 'F16' : 'F32';

/**
 * About 2.15 GB: 110 tensors (109 storages) of 8 KB to 50 MB; ten F32 layers, one F16, one BF16.
 * Layer 0's k_proj is saved transposed (a (1, 512)-strided view of a 2048 x 512 storage) and
 * lm_head.weight is model.embed_tokens.weight (one storage).
 */
export const BENCH_MODEL: TransformerShape = {
  hidden: 2048,
  kvDim: 512,
  ffn: 6144,
  vocab: 6144,
  layers: 12,
  layerDtype: lastTwoHalf(12),
};

/**
 * The same layout in miniature (about 10 MB) for the torch check: numels that need BININT1, BININT2
 * and BININT, and enough tensors that the pickle memo passes 256 (LONG_BINPUT, LONG_BINGET).
 */
export const SMALL_MODEL: TransformerShape = {
  hidden: 64,
  kvDim: 16,
  ffn: 1100,
  vocab: 300,
  layers: 12,
  layerDtype: lastTwoHalf(12),
};

/** The state dict `torch.save(model.state_dict())` writes for `shape`, in state-dict order. */
export function transformerStateDict(shape: TransformerShape): StateDictSpec {
  const { hidden, kvDim, ffn, vocab } = shape;
  const tensors: TensorSpec[] = [];
  const modules: string[] = [];
  const storage = (dtype: BenchDtype, numel: number): StorageSpec => {
    // torch.save hands out storage keys in the order the pickler meets the storages.
    const key = new Set(tensors.map((t) => t.storage.key)).size;
    return { key: String(key), dtype, numel, seed: key + 1 };
  };
  const param = (name: string, dtype: BenchDtype, dims: readonly number[]): TensorSpec => {
    const [rows = 1, cols] = dims;
    const t: TensorSpec = {
      name,
      storage: storage(dtype, rows * (cols ?? 1)),
      offset: 0,
      shape: dims,
      stride: cols === undefined ? [1] : [cols, 1],
    };
    tensors.push(t);
    return t;
  };
  // Pre-order, as nn.Module.state_dict walks: each module's _metadata entry, its own parameters,
  // then its children.
  modules.push('', 'model', 'model.embed_tokens');
  const embed = param('model.embed_tokens.weight', 'F32', [vocab, hidden]);
  modules.push('model.layers');
  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `model.layers.${layer}`;
    const dtype = shape.layerDtype(layer);
    modules.push(p, `${p}.self_attn`);
    for (const [proj, rows] of [
      ['q_proj', hidden],
      ['k_proj', kvDim],
      ['v_proj', kvDim],
      ['o_proj', hidden],
    ] as const) {
      modules.push(`${p}.self_attn.${proj}`);
      if (layer === 0 && proj === 'k_proj') {
        // Saved as W.t() of a contiguous hidden x kvDim matrix: shape (kvDim, hidden), strides (1, kvDim).
        const s = storage(dtype, kvDim * hidden);
        tensors.push({
          name: `${p}.self_attn.k_proj.weight`,
          storage: s,
          offset: 0,
          shape: [kvDim, hidden],
          stride: [1, kvDim],
        });
      } else param(`${p}.self_attn.${proj}.weight`, dtype, [rows, hidden]);
    }
    modules.push(`${p}.mlp`);
    for (const [proj, dims] of [
      ['gate_proj', [ffn, hidden]],
      ['up_proj', [ffn, hidden]],
      ['down_proj', [hidden, ffn]],
    ] as const) {
      modules.push(`${p}.mlp.${proj}`);
      param(`${p}.mlp.${proj}.weight`, dtype, dims);
    }
    modules.push(`${p}.mlp.act_fn`);
    for (const norm of ['input_layernorm', 'post_attention_layernorm']) {
      modules.push(`${p}.${norm}`);
      param(`${p}.${norm}.weight`, dtype, [hidden]);
    }
  }
  modules.push('model.norm');
  param('model.norm.weight', 'F32', [hidden]);
  modules.push('lm_head');
  tensors.push({ ...embed, name: 'lm_head.weight' });
  return { tensors, modules };
}

/** Each storage once, in the order torch.save writes the records: keys sorted as strings. */
export function storagesOf(spec: StateDictSpec): StorageSpec[] {
  const byKey = new Map(spec.tensors.map((t) => [t.storage.key, t.storage]));
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
