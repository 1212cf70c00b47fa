import type { Kysely } from 'kysely';
import type { RegistrySchema } from '../db/schema.ts';
import { keyOf } from '../events/replay.ts';
import type { RegistryState } from '../events/replay.ts';
import type { LedgerProblem } from './verify-ledger.ts';

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Compare the tables with the state the log implies: every namespace, version (manifest digest,
 * status, files), alias target, grant and token (secret hash, principal, revocation) must be exactly
 * what replaying the log gives, with nothing more in the tables. Problems name the row.
 */
export async function compareState(
  db: Kysely<RegistrySchema>,
  state: RegistryState,
): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = [];
  const report = (where: string, message: string): void => void problems.push({ where, message });

  const namespaces = await db.selectFrom('namespaces').select(['name', 'public']).execute();
  for (const row of namespaces) {
    const logged = state.namespaces.get(row.name);
    if (logged === undefined) report(`namespaces(${row.name})`, 'not in the log');
    else if (logged.public !== (row.public === 1))
      report(`namespaces(${row.name})`, 'public flag differs from the log');
  }
  if (namespaces.length !== state.namespaces.size)
    report('namespaces', 'a namespace of the log is missing');

  const versions = await db
    .selectFrom('model_versions as v')
    .innerJoin('models as m', 'm.id', 'v.model_id')
    .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
    .select([
      'v.id',
      'n.name as namespace',
      'm.name as model',
      'v.version',
      'v.manifest_digest',
      'v.status',
    ])
    .execute();
  const files = await db
    .selectFrom('version_files')
    .select(['version_id', 'path', 'sha256', 'size'])
    .execute();
  for (const row of versions) {
    const where = `model_versions(${row.namespace}/${row.model}@${row.version})`;
    const logged = state.versions.get(keyOf(row.namespace, row.model, row.version));
    if (logged === undefined) {
      report(where, 'not in the log');
      continue;
    }
    if (logged.manifestSha256 !== row.manifest_digest)
      report(where, 'manifest digest differs from the log');
    if (logged.status !== row.status)
      report(where, `status ${row.status}, the log says ${logged.status}`);
    const stored = files
      .filter((f) => f.version_id === row.id)
      .map((f) => `${f.path}\u0000${f.sha256}\u0000${f.size}`);
    if (
      !same(
        stored,
        logged.files.map((f) => `${f.path}\u0000${f.sha256}\u0000${f.size}`),
      )
    ) {
      report(
        `version_files(${row.namespace}/${row.model}@${row.version})`,
        'files differ from the log',
      );
    }
  }
  if (versions.length !== state.versions.size)
    report('model_versions', 'a version of the log is missing');

  const aliases = await db
    .selectFrom('aliases as a')
    .innerJoin('models as m', 'm.id', 'a.model_id')
    .innerJoin('namespaces as n', 'n.id', 'm.namespace_id')
    .innerJoin('model_versions as v', 'v.id', 'a.version_id')
    .select(['n.name as namespace', 'm.name as model', 'a.name as alias', 'v.version'])
    .execute();
  for (const row of aliases) {
    const where = `aliases(${row.namespace}/${row.model}#${row.alias})`;
    const logged = state.aliases.get(keyOf(row.namespace, row.model, row.alias));
    if (logged === undefined) report(where, 'not in the log');
    else if (logged.target !== row.version)
      report(where, `points at ${row.version}, the log says ${logged.target}`);
  }
  if (aliases.length !== state.aliases.size) report('aliases', 'an alias of the log is missing');

  const grants = await db
    .selectFrom('grants as g')
    .innerJoin('principals as p', 'p.id', 'g.principal_id')
    .select(['g.namespace', 'p.name', 'g.role'])
    .execute();
  const byKey = new Map<string, string[]>();
  for (const g of grants)
    byKey.set(keyOf(g.namespace, g.name), [
      ...(byKey.get(keyOf(g.namespace, g.name)) ?? []),
      g.role,
    ]);
  for (const key of new Set([...byKey.keys(), ...state.grants.keys()])) {
    const [namespace, principal] = JSON.parse(key) as [string, string];
    if (!same(byKey.get(key) ?? [], [...(state.grants.get(key) ?? [])])) {
      report(`grants(${namespace}, ${principal})`, 'roles differ from the log');
    }
  }

  const tokens = await db
    .selectFrom('api_tokens as t')
    .innerJoin('principals as p', 'p.id', 't.principal_id')
    .select(['t.id', 't.secret_sha256', 'p.name', 't.revoked_at'])
    .execute();
  for (const row of tokens) {
    const where = `api_tokens(${row.id})`;
    const logged = state.tokens.get(row.id);
    if (logged === undefined) report(where, 'not in the log');
    else if (logged.secretSha256 !== row.secret_sha256 || logged.principal !== row.name) {
      report(where, 'secret hash or principal differs from the log');
    } else if (logged.revoked !== (row.revoked_at !== null))
      report(where, 'revocation differs from the log');
  }
  if (tokens.length !== state.tokens.size) report('api_tokens', 'a token of the log is missing');
  return problems;
}
