import type { Role } from './roles.ts';

/**
 * Every action the registry authorises, with the role it needs in the target namespace. Routes name an
 * action from this table and call authorize(); nothing else decides access.
 */
export const ACTIONS = {
  /** Download a version's blobs, manifest and signature. The only action a public namespace opens to anyone. */
  pull: 'reader',
  /** List models, versions and the history of aliases. */
  history: 'reader',
  /** Read transparency-log entries, checkpoints and inclusion/consistency proofs scoped to the namespace. */
  'log-read': 'reader',
  /** Upload a new, immutable version. */
  push: 'publisher',
  /** Point an alias at a version (the gate policy must also pass). */
  promote: 'publisher',
  /** Move an alias back to its previous target. */
  rollback: 'publisher',
  /** Approve a version for an alias; counts towards the approvals gate unless the approver uploaded it. */
  approve: 'approver',
  /** Grant or revoke roles in the namespace. */
  grant: 'admin',
  /** Read the audit trail (who pulled, pushed, promoted, when). */
  audit: 'admin',
  /** Replace the namespace's gate policy. */
  'policy-set': 'admin',
  /** Create an API token scoped to the namespace. */
  'token-create': 'admin',
  /** Revoke an API token scoped to the namespace. */
  'token-revoke': 'admin',
} as const satisfies Readonly<Record<string, Role>>;

/** The name of an action in the catalogue. */
export type Action = keyof typeof ACTIONS;

/** True when `value` names an action of the catalogue. */
export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}

/** The role an action needs. */
export function roleFor(action: Action): Role {
  return ACTIONS[action];
}
