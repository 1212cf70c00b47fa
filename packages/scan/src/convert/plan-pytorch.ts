import { MlsecError } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { locateCheckpoint } from './checkpoint-source.ts';
import type { ConvertPlan } from './convert-plan.ts';
import type { TensorInput } from './tensor-input.ts';
import { checkView, viewTensor } from './tensor-view.ts';

/**
 * Tied groups (same storage, offset, shape, stride) are written once under their first name in
 * sorted order; every other name maps to it, as safetensors' `save_model` records removed duplicates
 * (`metadata[removed] = kept`).
 */
function tiedNames(groups: readonly (readonly string[])[]): Map<string, string> {
  const dropped = new Map<string, string>();
  for (const group of groups) {
    const [kept, ...rest] = [...group].sort();
    if (kept === undefined) continue;
    for (const name of rest) dropped.set(name, kept);
  }
  return dropped;
}

/**
 * Plan a PyTorch checkpoint (zip or legacy `torch.save`): its pickle is interpreted by the allow-list,
 * every storage record is size-checked, and each tensor streams from its storage (views materialised
 * contiguous). Throws ConvertRefusedError or an MlsecError with a SCAN_CONVERT_* code.
 */
export async function planPytorch(source: ByteSource, limits: Limits): Promise<ConvertPlan> {
  const located = await locateCheckpoint(source, limits);
  const { interpretation } = located;
  const tied = tiedNames(interpretation.tied);
  const tensors: TensorInput[] = [];
  for (const t of interpretation.tensors) {
    const last = checkView(t);
    if (tied.has(t.name)) continue;
    const storage = located.storages.get(t.storageKey);
    if (storage === undefined) {
      throw new MlsecError('SCAN_CONVERT_STORAGE_INVALID', 'a tensor names an unknown storage');
    }
    tensors.push(viewTensor(t.name, t, storage, last));
  }
  return {
    format: located.format,
    tensors,
    tied,
    notices: interpretation.notices,
    ...(interpretation.unwrapped === undefined ? {} : { unwrapped: interpretation.unwrapped }),
  };
}
