import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { ACTIONS, isAction } from './actions.ts';
import type { Action } from './actions.ts';
import { authorize, requireAccess } from './authorize.ts';
import { ANONYMOUS } from './principal.ts';
import type { AuthenticatedPrincipal, Grant } from './principal.ts';
import { ROLES, roleSatisfies } from './roles.ts';
import type { Role } from './roles.ts';

const PRIVATE = { public: false };
const PUBLIC = { public: true };

function user(grants: readonly Grant[], scope?: readonly Grant[]): AuthenticatedPrincipal {
  return scope === undefined
    ? { kind: 'user', name: 'alice', via: 'oidc', grants }
    : { kind: 'user', name: 'alice', via: 'token', grants, scope };
}

/** The expected matrix, written out by hand rather than derived from the implementation. */
const MAY: Readonly<Record<Role, readonly Action[]>> = {
  reader: ['pull', 'history', 'log-read'],
  publisher: ['pull', 'history', 'log-read', 'push', 'promote', 'rollback'],
  approver: ['pull', 'history', 'log-read', 'approve'],
  admin: Object.keys(ACTIONS) as Action[],
};

describe('roles', () => {
  it('admin implies every role, approver and publisher imply reader only', () => {
    for (const role of ROLES) assert.equal(roleSatisfies('admin', role), true);
    assert.equal(roleSatisfies('approver', 'publisher'), false);
    assert.equal(roleSatisfies('publisher', 'approver'), false);
    assert.equal(roleSatisfies('approver', 'reader'), true);
    assert.equal(roleSatisfies('reader', 'publisher'), false);
  });
});

describe('authorize', () => {
  describe('for each role granted in the namespace', () => {
    for (const role of ROLES) {
      it(`${role} may do exactly ${MAY[role].join(', ')}`, () => {
        const principal = user([{ namespace: 'vision', role }]);
        for (const action of Object.keys(ACTIONS) as Action[]) {
          const d = authorize(principal, action, 'vision', PRIVATE);
          assert.equal(d.allowed, MAY[role].includes(action), `${role} ${action}`);
        }
      });
    }
  });

  it('a grant in another namespace confers nothing here', () => {
    const d = authorize(user([{ namespace: 'nlp', role: 'admin' }]), 'pull', 'vision', PRIVATE);
    assert.equal(d.allowed, false);
    assert.match(d.allowed ? '' : d.reason, /alice holds no role in "vision" that confers reader/);
  });

  it('a grant on * applies to every namespace, even an unknown one', () => {
    const principal = user([{ namespace: '*', role: 'admin' }]);
    assert.equal(authorize(principal, 'grant', 'anything', undefined).allowed, true);
  });

  describe('anonymous callers', () => {
    it('may pull from a public namespace and do nothing else there', () => {
      for (const action of Object.keys(ACTIONS) as Action[]) {
        assert.equal(
          authorize(ANONYMOUS, action, 'open', PUBLIC).allowed,
          action === 'pull',
          action,
        );
      }
    });
    it('may not pull from a private or unknown namespace', () => {
      assert.equal(authorize(ANONYMOUS, 'pull', 'vision', PRIVATE).allowed, false);
      assert.equal(authorize(ANONYMOUS, 'pull', 'vision', undefined).allowed, false);
    });
  });

  it('an authenticated principal without a grant may pull from a public namespace', () => {
    assert.equal(authorize(user([]), 'pull', 'open', PUBLIC).allowed, true);
    assert.equal(authorize(user([]), 'history', 'open', PUBLIC).allowed, false);
  });

  describe('a token principal', () => {
    it('gets only what both its scope and its current grants allow', () => {
      const admin = [{ namespace: 'vision', role: 'admin' }] as const;
      const readerScope = user(admin, [{ namespace: 'vision', role: 'reader' }]);
      assert.equal(authorize(readerScope, 'pull', 'vision', PRIVATE).allowed, true);
      const push = authorize(readerScope, 'push', 'vision', PRIVATE);
      assert.equal(push.allowed, false);
      assert.match(push.allowed ? '' : push.reason, /token of alice is not scoped to publisher/);
      // Scope wider than the grants (the grant was revoked after the token was made).
      const revoked = user(
        [{ namespace: 'vision', role: 'reader' }],
        [{ namespace: 'vision', role: 'admin' }],
      );
      assert.equal(authorize(revoked, 'push', 'vision', PRIVATE).allowed, false);
    });
  });

  it('escapes untrusted namespace names in the reason', () => {
    const d = authorize(ANONYMOUS, 'push', 'evil\n"ns', PRIVATE);
    assert.match(d.allowed ? '' : d.reason, /evil\\n\\"ns/);
  });

  it('requireAccess throws REGISTRY_ACCESS_DENIED when refused and returns when allowed', () => {
    requireAccess(user([{ namespace: 'vision', role: 'approver' }]), 'approve', 'vision', PRIVATE);
    assert.throws(
      () =>
        requireAccess(
          user([{ namespace: 'vision', role: 'approver' }]),
          'promote',
          'vision',
          PRIVATE,
        ),
      (e: unknown) => isMlsecError(e) && e.code === 'REGISTRY_ACCESS_DENIED',
    );
  });

  it('isAction knows the catalogue and nothing inherited', () => {
    assert.equal(isAction('pull'), true);
    assert.equal(isAction('toString'), false);
    assert.equal(isAction('__proto__'), false);
  });
});
