/**
 * Roles are granted per namespace. Implication is deliberately shallow so that duties can be split:
 *
 * - `reader`: pull versions, read history and log proofs.
 * - `publisher`: implies reader; push versions, move and roll back aliases (promotion is still gated).
 * - `approver`: implies reader; approve a version for an alias. It does NOT imply publisher, so the
 *   people who approve a model need not be able to upload or promote one (separation of duties).
 * - `admin`: implies every role; grants, tokens, gate policy, the audit trail.
 */
export const ROLES = ['reader', 'publisher', 'approver', 'admin'] as const;

/** One of the four namespace roles. */
export type Role = (typeof ROLES)[number];

/** The roles each role also confers (besides itself). */
const IMPLIES: Readonly<Record<Role, readonly Role[]>> = {
  reader: [],
  publisher: ['reader'],
  approver: ['reader'],
  admin: ['reader', 'publisher', 'approver'],
};

/** True when `value` is one of the four role names. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when holding `held` confers `needed` (a role confers itself and what it implies). */
export function roleSatisfies(held: Role, needed: Role): boolean {
  return held === needed || IMPLIES[held].includes(needed);
}
