import { MlsecError } from '@mlsec/core';
import { authorize } from '../../access/authorize.ts';
import type { Principal } from '../../access/principal.ts';

/**
 * A version that has not passed its checks does not exist for a caller who may pull only because the
 * namespace is public (anonymous, or signed in without a role there): it answers REGISTRY_NOT_FOUND
 * with `notFound`, the message for a version that was never pushed, so the public learns nothing of
 * pending or failed uploads. Callers holding a role in the namespace see the status (a publisher waits
 * for `ready`).
 */
export function requireVisibleVersion(
  principal: Principal,
  namespace: string,
  status: string,
  notFound: string,
): void {
  if (status === 'ready') return;
  if (authorize(principal, 'pull', namespace, { public: false }).allowed) return;
  throw new MlsecError('REGISTRY_NOT_FOUND', notFound);
}
