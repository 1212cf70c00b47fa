import { MlsecError, snippet } from '@mlsec/core';
import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../db/open-database.ts';
import type { RegistrySchema } from '../db/schema.ts';
import { classifyDbError } from '../db/db-errors.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { evaluateGates, requireGatePolicy } from '../gates/index.ts';
import type { GateDecision, GateEvidence } from '../gates/index.ts';
import { appendEvent } from '../ledger/append-event.ts';
import { checkName, modelId, namespaceRow, notFound, versionRow } from './refs.ts';
import type { Actor, VersionRef } from './refs.ts';

/** A promotion the gate policy refused: `decision` lists every gate, with what failed. */
export class GateRefusedError extends MlsecError {
  readonly decision: GateDecision;
  constructor(alias: string, decision: GateDecision) {
    const failed = decision.results.filter((r) => !r.passed).map((r) => `${r.gate}: ${r.detail}`);
    super(
      'REGISTRY_GATE_REFUSED',
      `alias ${snippet(alias)} refused by its gates — ${failed.join('; ')}`,
    );
    this.name = 'GateRefusedError';
    this.decision = decision;
  }
}

export interface AliasMove {
  readonly namespace: string;
  readonly model: string;
  readonly alias: string;
  readonly reason: string;
}

/** One recorded move of an alias, with version names. */
export interface AliasHistoryEntry {
  readonly from: string | null;
  readonly to: string;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * Whether a principal holds the approver role in a namespace now. `db` is the promotion's open
 * transaction: read through it (on SQLite another connection would wait for it forever).
 */
export type ApproverCheck = (
  principal: string,
  namespace: string,
  db: Kysely<RegistrySchema>,
) => Promise<boolean>;

const RESERVED_ALIASES = new Set(['latest']);

function checkAlias(alias: string): void {
  checkName('alias', alias);
  if (RESERVED_ALIASES.has(alias.toLowerCase()) || /^v\d+$/.test(alias)) {
    throw new MlsecError('REGISTRY_REQUEST_INVALID', `alias ${snippet(alias)} is reserved`);
  }
}

function parseJson(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** What the gates read about a version: its checks summary, metrics, uploader and approvals for the alias. */
async function evidenceFor(
  trx: Kysely<RegistrySchema>,
  row: Awaited<ReturnType<typeof versionRow>>,
  alias: string,
  isApprover: ApproverCheck,
): Promise<GateEvidence> {
  const checks = parseJson(row.scan_summary);
  const approvals = await trx
    .selectFrom('approvals as a')
    .innerJoin('principals as p', 'p.id', 'a.approver_id')
    .select('p.name')
    .where('a.version_id', '=', row.id)
    .where('a.alias', '=', alias)
    .execute();
  const evidence: {
    -readonly [K in keyof GateEvidence]: GateEvidence[K];
  } = {
    uploader: row.uploader_name,
    metrics: parseJson(row.metrics) as Record<string, number>,
    approvals: await Promise.all(
      approvals.map(async (a) => ({
        principal: a.name,
        isApprover: await isApprover(a.name, row.namespace_name, trx),
      })),
    ),
  };
  if (checks['signature'] !== undefined)
    evidence.signature = checks['signature'] as NonNullable<GateEvidence['signature']>;
  if (checks['scan'] !== undefined)
    evidence.scan = checks['scan'] as NonNullable<GateEvidence['scan']>;
  if (checks['provenance'] !== undefined) {
    evidence.provenance = checks['provenance'] as NonNullable<GateEvidence['provenance']>;
  }
  return evidence;
}

/** Point the alias at `to` (inside a transaction): alias row, alias_events row and log entry together. */
async function move(
  trx: Kysely<RegistrySchema>,
  actor: Actor,
  input: AliasMove,
  to: Awaited<ReturnType<typeof versionRow>>,
  rollback: boolean,
  at: string,
): Promise<{ from: string | null }> {
  const existing = await trx
    .selectFrom('aliases as a')
    .innerJoin('model_versions as v', 'v.id', 'a.version_id')
    .select(['a.id', 'a.version_id', 'v.version'])
    .where('a.model_id', '=', to.model_id)
    .where('a.name', '=', input.alias)
    .executeTakeFirst();
  let aliasId: number;
  if (existing === undefined) {
    const created = await trx
      .insertInto('aliases')
      .values({ model_id: to.model_id, name: input.alias, version_id: to.id, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    aliasId = created.id;
  } else {
    await trx
      .updateTable('aliases')
      .set({ version_id: to.id, updated_at: at })
      .where('id', '=', existing.id)
      .execute();
    aliasId = existing.id;
  }
  await trx
    .insertInto('alias_events')
    .values({
      alias_id: aliasId,
      from_version_id: existing?.version_id ?? null,
      to_version_id: to.id,
      actor_id: actor.id,
      reason: input.reason,
      at,
    })
    .execute();
  await appendEvent(trx, {
    kind: 'alias_moved',
    namespace: input.namespace,
    model: input.model,
    alias: input.alias,
    from: existing?.version ?? null,
    to: to.version,
    reason: snippet(input.reason, 1000),
    rollback,
    by: actor.name,
    at,
  });
  return { from: existing?.version ?? null };
}

/**
 * Promote: point `alias` at `version` if the namespace's gate policy allows it (GateRefusedError, 422,
 * naming every failed gate, otherwise). Only `ready` versions can be promoted. Without a gate policy
 * nothing beyond `ready` is required.
 */
export async function promote(
  database: RegistryDatabase,
  actor: Actor,
  input: AliasMove & { readonly version: string },
  isApprover: ApproverCheck,
  now: Date = new Date(),
): Promise<{ readonly from: string | null; readonly decision: GateDecision | undefined }> {
  checkAlias(input.alias);
  return writeTransaction(database, async (trx) => {
    const ns = await namespaceRow(trx, input.namespace);
    const row = await versionRow(trx, input);
    if (row.status !== 'ready') {
      throw new MlsecError('REGISTRY_VERSION_NOT_READY', `the version is ${row.status}, not ready`);
    }
    let decision: GateDecision | undefined;
    if (ns.gate_policy !== null) {
      const policy = requireGatePolicy(
        ns.gate_policy,
        `the gate policy of ${snippet(input.namespace)}`,
      );
      decision = evaluateGates(
        policy,
        input.alias,
        await evidenceFor(trx, row, input.alias, isApprover),
      );
      if (!decision.allowed) throw new GateRefusedError(input.alias, decision);
    }
    const { from } = await move(trx, actor, input, row, false, now.toISOString());
    return { from, decision };
  });
}

/**
 * Roll back: move the alias to the version it pointed at before its latest move, in one recorded move
 * (`rollback: true`). The gates are not evaluated again: that version passed them when it was promoted,
 * and a rollback must work in an incident; it must still be `ready` (a version that failed since, or
 * never existed, cannot be rolled back to).
 */
export async function rollback(
  database: RegistryDatabase,
  actor: Actor,
  input: AliasMove,
  now: Date = new Date(),
): Promise<{ readonly from: string; readonly to: string }> {
  checkAlias(input.alias);
  return writeTransaction(database, async (trx) => {
    const ns = await namespaceRow(trx, input.namespace);
    const model = await modelId(trx, ns.id, input.model, '', false);
    if (model === undefined) throw notFound(`model ${snippet(input.model)}`);
    const last = await trx
      .selectFrom('alias_events as e')
      .innerJoin('aliases as a', 'a.id', 'e.alias_id')
      .leftJoin('model_versions as v', 'v.id', 'e.from_version_id')
      .select(['e.from_version_id', 'v.version as from_version'])
      .where('a.model_id', '=', model)
      .where('a.name', '=', input.alias)
      .orderBy('e.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last === undefined) throw notFound(`alias ${snippet(input.alias)}`);
    if (last.from_version === null) {
      throw new MlsecError(
        'REGISTRY_VERSION_CONFLICT',
        `alias ${snippet(input.alias)} has no earlier target`,
      );
    }
    const target = await versionRow(trx, { ...input, version: last.from_version });
    if (target.status !== 'ready') {
      throw new MlsecError(
        'REGISTRY_VERSION_NOT_READY',
        `the earlier target is ${target.status}, not ready`,
      );
    }
    const { from } = await move(trx, actor, input, target, true, now.toISOString());
    return { from: from ?? '', to: target.version };
  });
}

/** Approve `version` for `alias`: an append-only record and a log entry. Approving twice is refused. */
export async function approve(
  database: RegistryDatabase,
  actor: Actor,
  input: VersionRef & { readonly alias: string },
  now: Date = new Date(),
): Promise<void> {
  checkAlias(input.alias);
  try {
    await writeTransaction(database, async (trx) => {
      const row = await versionRow(trx, input);
      const at = now.toISOString();
      const already = await trx
        .selectFrom('approvals')
        .select('id')
        .where('version_id', '=', row.id)
        .where('alias', '=', input.alias)
        .where('approver_id', '=', actor.id)
        .executeTakeFirst();
      if (already !== undefined)
        throw new MlsecError('REGISTRY_VERSION_CONFLICT', 'already approved by this principal');
      await trx
        .insertInto('approvals')
        .values({ version_id: row.id, alias: input.alias, approver_id: actor.id, at })
        .execute();
      await appendEvent(trx, { kind: 'approval_added', ...input, by: actor.name, at });
    });
  } catch (error) {
    if (classifyDbError(error) === 'unique')
      throw new MlsecError('REGISTRY_VERSION_CONFLICT', 'already approved by this principal');
    throw error;
  }
}

/** Every move of an alias, oldest first ("what was in production on date X": the last move at or before X). */
export async function aliasHistory(
  db: Kysely<RegistrySchema>,
  namespace: string,
  model: string,
  alias: string,
): Promise<AliasHistoryEntry[]> {
  const rows = await db
    .selectFrom('alias_events as e')
    .innerJoin('aliases as a', 'a.id', 'e.alias_id')
    .innerJoin('models as m', 'm.id', 'a.model_id')
    .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
    .innerJoin('model_versions as t', 't.id', 'e.to_version_id')
    .leftJoin('model_versions as f', 'f.id', 'e.from_version_id')
    .innerJoin('principals as p', 'p.id', 'e.actor_id')
    .select(['f.version as from', 't.version as to', 'p.name as by', 'e.reason', 'e.at'])
    .where('n.name', '=', namespace)
    .where('m.name', '=', model)
    .where('a.name', '=', alias)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ from: r.from, to: r.to, by: r.by, reason: r.reason, at: r.at }));
}
