import { MlsecError, snippet } from '@mlsec/core';
import { roleFor } from './actions.ts';
import type { Action } from './actions.ts';
import { namespaceMatches } from './principal.ts';
import type { Grant, Principal } from './principal.ts';
import { roleSatisfies } from './roles.ts';
import type { Role } from './roles.ts';

/** What authorize() needs to know about the target namespace. */
export interface NamespaceAccess {
  /** Anyone, even without credentials, may pull. Nothing else is opened. Never the default. */
  readonly public: boolean;
}

/** The outcome of authorize(): allowed, or refused with the role needed and a reason for logs. */
export type AccessDecision =
  | { readonly allowed: true; readonly needed: Role; readonly via: 'grant' | 'public' }
  | { readonly allowed: false; readonly needed: Role; readonly reason: string };

function allows(grants: readonly Grant[], namespace: string, needed: Role): boolean {
  return grants.some(
    (g) => namespaceMatches(g.namespace, namespace) && roleSatisfies(g.role, needed),
  );
}

/**
 * The single access choke point: may `principal` perform `action` in `namespace`? `ns` is the
 * namespace's access settings, or undefined when it does not exist (treated as private). A public
 * namespace lets anyone pull; every other action needs a grant of the action's role (roles.ts says what
 * implies what), and for a token also a scope that allows it.
 *
 * @example
 * const d = authorize(principal, 'promote', 'vision', { public: false });
 * if (!d.allowed) reply.code(403);
 */
export function authorize(
  principal: Principal,
  action: Action,
  namespace: string,
  ns: NamespaceAccess | undefined,
): AccessDecision {
  const needed = roleFor(action);
  const where = `"${snippet(namespace, 80)}"`;
  if (action === 'pull' && ns?.public === true) return { allowed: true, needed, via: 'public' };
  if (principal.kind === 'anonymous') {
    return {
      allowed: false,
      needed,
      reason: `anonymous callers may only pull from a public namespace; ${action} in ${where} needs ${needed}`,
    };
  }
  const who = snippet(principal.name, 80);
  if (!allows(principal.grants, namespace, needed)) {
    return {
      allowed: false,
      needed,
      reason: `${who} holds no role in ${where} that confers ${needed} (needed for ${action})`,
    };
  }
  if (principal.scope !== undefined && !allows(principal.scope, namespace, needed)) {
    return {
      allowed: false,
      needed,
      reason: `the token of ${who} is not scoped to ${needed} in ${where} (needed for ${action})`,
    };
  }
  return { allowed: true, needed, via: 'grant' };
}

/** authorize(), throwing MlsecError('REGISTRY_ACCESS_DENIED') when the action is refused. */
export function requireAccess(
  principal: Principal,
  action: Action,
  namespace: string,
  ns: NamespaceAccess | undefined,
): void {
  const decision = authorize(principal, action, namespace, ns);
  if (!decision.allowed) throw new MlsecError('REGISTRY_ACCESS_DENIED', decision.reason);
}
