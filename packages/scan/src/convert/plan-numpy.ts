import { MlsecError } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import type { ZipArchive } from '@mlsec/formats';
import type { ConvertPlan } from './convert-plan.ts';

/** NumPy .npy: one tensor named `stem`. (Stub: being written.) */
export async function planNpy(
  _source: ByteSource,
  _limits: Limits,
  _stem: string,
): Promise<ConvertPlan> {
  throw new MlsecError('SCAN_CONVERT_NOT_CHECKPOINT', '.npy conversion is not written yet');
}

/** NumPy .npz: one tensor per member. (Stub: being written.) */
export async function planNpz(_zip: ZipArchive, _limits: Limits): Promise<ConvertPlan> {
  throw new MlsecError('SCAN_CONVERT_NOT_CHECKPOINT', '.npz conversion is not written yet');
}
