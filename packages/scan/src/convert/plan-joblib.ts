import { MlsecError } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import type { ConvertPlan } from './convert-plan.ts';

/** joblib.dump of NumPy arrays or dicts of them. (Stub: being written.) */
export async function planJoblib(
  _source: ByteSource,
  _limits: Limits,
  _stem: string,
): Promise<ConvertPlan> {
  throw new MlsecError('SCAN_CONVERT_NOT_CHECKPOINT', 'joblib conversion is not written yet');
}
