import { snippet } from '@mlsec/core';
import { ANY_NAMESPACE } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import type { AliasMoved, LogEntry, VersionFile } from './entries.ts';

export interface VersionState {
  readonly manifestSha256: string;
  readonly files: readonly VersionFile[];
  readonly signatureSha256: string | null;
  readonly provenanceSha256: string | null;
  readonly registeredBy: string;
  readonly registeredAt: string;
  status: 'pending' | 'ready' | 'failed';
}

export interface TokenState {
  readonly principal: string;
  readonly secretSha256: string;
  readonly scope: readonly { readonly namespace: string; readonly role: Role }[];
  readonly expiresAt: string | null;
  revoked: boolean;
}

/** An alias's current target and every move, oldest first. */
export interface AliasState {
  target: string;
  readonly moves: AliasMoved[];
}

/** The registry as its log says it is. Keys join their parts with `keyOf` (no separator ambiguity). */
export interface RegistryState {
  readonly namespaces: Map<string, { readonly public: boolean; policySha256: string | null }>;
  /** keyOf(namespace, principal) → roles held. */
  readonly grants: Map<string, Set<Role>>;
  readonly tokens: Map<string, TokenState>;
  /** keyOf(namespace, model, version). */
  readonly versions: Map<string, VersionState>;
  /** keyOf(namespace, model, alias). */
  readonly aliases: Map<string, AliasState>;
  /** keyOf(namespace, model, version, alias) → approvers, in order. */
  readonly approvals: Map<string, string[]>;
}

/** Something in the log that the registry would never have written: a sign of tampering or a bug. */
export interface ReplayIssue {
  readonly index: number;
  readonly message: string;
}

/** A map key of several names: JSON of the array, so `a/b` + `c` never meets `a` + `b/c`. */
export function keyOf(...parts: readonly string[]): string {
  return JSON.stringify(parts);
}

function emptyState(): RegistryState {
  return {
    namespaces: new Map(),
    grants: new Map(),
    tokens: new Map(),
    versions: new Map(),
    aliases: new Map(),
    approvals: new Map(),
  };
}

/** Apply one entry; returns what is wrong with it (the entry is then not applied), or undefined. */
function apply(state: RegistryState, entry: LogEntry): string | undefined {
  const needNamespace = (name: string): string | undefined =>
    state.namespaces.has(name) ? undefined : `namespace ${snippet(name)} does not exist`;
  switch (entry.kind) {
    case 'namespace_created':
      if (state.namespaces.has(entry.namespace))
        return `namespace ${snippet(entry.namespace)} created twice`;
      state.namespaces.set(entry.namespace, { public: entry.public, policySha256: null });
      return undefined;
    case 'grant_changed': {
      // A grant on ANY_NAMESPACE ('*', e.g. the registry-wide admin made by init) names no namespace.
      const missing =
        entry.namespace === ANY_NAMESPACE ? undefined : needNamespace(entry.namespace);
      if (missing) return missing;
      const key = keyOf(entry.namespace, entry.principal);
      const roles = state.grants.get(key) ?? new Set<Role>();
      if (entry.granted) roles.add(entry.role);
      else roles.delete(entry.role);
      if (roles.size > 0) state.grants.set(key, roles);
      else state.grants.delete(key);
      return undefined;
    }
    case 'token_created':
      if (state.tokens.has(entry.tokenId)) return `token ${snippet(entry.tokenId)} created twice`;
      state.tokens.set(entry.tokenId, {
        principal: entry.principal,
        secretSha256: entry.secretSha256,
        scope: entry.scope,
        expiresAt: entry.expiresAt,
        revoked: false,
      });
      return undefined;
    case 'token_revoked': {
      const token = state.tokens.get(entry.tokenId);
      if (token === undefined) return `token ${snippet(entry.tokenId)} revoked but never created`;
      token.revoked = true;
      return undefined;
    }
    case 'policy_changed': {
      const ns = state.namespaces.get(entry.namespace);
      if (ns === undefined) return `namespace ${snippet(entry.namespace)} does not exist`;
      ns.policySha256 = entry.policySha256;
      return undefined;
    }
    case 'version_registered': {
      const missing = needNamespace(entry.namespace);
      if (missing) return missing;
      const key = keyOf(entry.namespace, entry.model, entry.version);
      if (state.versions.has(key)) {
        return `version ${snippet(entry.model)}@${snippet(entry.version)} registered twice`;
      }
      state.versions.set(key, {
        manifestSha256: entry.manifestSha256,
        files: entry.files,
        signatureSha256: entry.signatureSha256,
        provenanceSha256: entry.provenanceSha256,
        registeredBy: entry.by,
        registeredAt: entry.at,
        status: 'pending',
      });
      return undefined;
    }
    case 'version_ready':
    case 'version_failed': {
      const version = state.versions.get(keyOf(entry.namespace, entry.model, entry.version));
      if (version === undefined) return `${entry.kind} for a version never registered`;
      if (version.status !== 'pending')
        return `${entry.kind} for a version already ${version.status}`;
      version.status = entry.kind === 'version_ready' ? 'ready' : 'failed';
      return undefined;
    }
    case 'alias_moved': {
      const target = state.versions.get(keyOf(entry.namespace, entry.model, entry.to));
      if (target?.status !== 'ready') {
        return `alias ${snippet(entry.alias)} moved to ${snippet(entry.to)}, which is not a ready version`;
      }
      const key = keyOf(entry.namespace, entry.model, entry.alias);
      const alias = state.aliases.get(key);
      if ((alias?.target ?? null) !== entry.from) {
        return `alias ${snippet(entry.alias)} moved from ${snippet(String(entry.from))} but pointed at ${snippet(String(alias?.target ?? null))}`;
      }
      if (alias === undefined) state.aliases.set(key, { target: entry.to, moves: [entry] });
      else {
        alias.target = entry.to;
        alias.moves.push(entry);
      }
      return undefined;
    }
    case 'approval_added': {
      if (!state.versions.has(keyOf(entry.namespace, entry.model, entry.version))) {
        return 'approval for a version never registered';
      }
      const key = keyOf(entry.namespace, entry.model, entry.version, entry.alias);
      const approvers = state.approvals.get(key) ?? [];
      if (approvers.includes(entry.by)) return `${snippet(entry.by)} approved twice`;
      approvers.push(entry.by);
      state.approvals.set(key, approvers);
      return undefined;
    }
    case 'model_pulled': {
      const version = state.versions.get(keyOf(entry.namespace, entry.model, entry.version));
      return version?.status === 'ready' ? undefined : 'a pull of a version that is not ready';
    }
    case 'pull_volume_alert':
      return undefined;
  }
}

/**
 * Replay log entries, in log order, into the state they imply. Entries the registry would never have
 * written (a second registration of a version, an alias moved from a target it did not have, an
 * approval of an unknown version...) are reported with their index and not applied.
 *
 * @example
 *   const { state, issues } = replay(entries);
 *   state.aliases.get(keyOf('team', 'bert', 'production'))?.target;
 */
export function replay(entries: Iterable<LogEntry>): {
  readonly state: RegistryState;
  readonly issues: readonly ReplayIssue[];
} {
  const state = emptyState();
  const issues: ReplayIssue[] = [];
  let index = 0;
  for (const entry of entries) {
    const problem = apply(state, entry);
    if (problem !== undefined) issues.push({ index, message: problem });
    index++;
  }
  return { state, issues };
}

/**
 * Where an alias pointed at `time` (ISO 8601): the target of the last move at or before it, or null
 * when the alias did not exist yet. "What was in production on date X."
 */
export function aliasAt(alias: AliasState | undefined, time: string): string | null {
  let target: string | null = null;
  for (const move of alias?.moves ?? []) {
    if (move.at > time) break;
    target = move.to;
  }
  return target;
}

/** The target before the current one: where a rollback goes (null when there is none). */
export function previousTarget(alias: AliasState | undefined): string | null {
  const moves = alias?.moves ?? [];
  return moves.length >= 1 ? (moves[moves.length - 1]?.from ?? null) : null;
}
