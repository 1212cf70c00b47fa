import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database-url.ts';

/** Tables whose rows, once written, may never change or go: the log and the decision records. */
export const APPEND_ONLY_TABLES = [
  'log_entries',
  'tree_nodes',
  'checkpoints',
  'alias_events',
  'approvals',
] as const;

/** The text every append-only refusal carries (db-errors.ts recognises it on both engines). */
export const APPEND_ONLY_MESSAGE = 'registry: append-only table';

/**
 * Make the database itself refuse what the application never does:
 *
 * - UPDATE and DELETE (and TRUNCATE on PostgreSQL) on every APPEND_ONLY_TABLES table;
 * - moving the sequencer `log_head` other than forward by exactly one, or deleting it;
 * - inserting a log entry whose index is not the one the sequencer has just handed out (so indexes
 *   stay 0, 1, 2, … without gaps or reordering).
 *
 * SQLite: BEFORE triggers that RAISE(ABORT). PostgreSQL: trigger functions that raise an exception,
 * plus REVOKE UPDATE, DELETE, TRUNCATE FROM PUBLIC.
 *
 * This is defence in depth, not the guarantee: whoever holds the database owner role (or the SQLite
 * file) can drop the triggers and edit rows. That is why `mlsec registry audit verify` recomputes the
 * tree from the entries, checks every signed checkpoint and replays the log against the tables.
 */
export async function createAppendOnlyGuards(
  db: Kysely<unknown>,
  engine: DatabaseEngine,
): Promise<void> {
  const statements = engine === 'sqlite' ? sqliteGuards() : postgresGuards();
  for (const statement of statements) await sql.raw(statement).execute(db);
}

function sqliteGuards(): string[] {
  const out: string[] = [];
  for (const table of APPEND_ONLY_TABLES) {
    for (const op of ['update', 'delete']) {
      out.push(
        `create trigger ${table}_no_${op} before ${op} on ${table} ` +
          `begin select raise(abort, '${APPEND_ONLY_MESSAGE}: ${table} refuses ${op}'); end`,
      );
    }
  }
  out.push(
    `create trigger log_head_forward before update on log_head ` +
      `when new.id <> old.id or new.size <> old.size + 1 ` +
      `begin select raise(abort, '${APPEND_ONLY_MESSAGE}: log_head only moves forward by one'); end`,
    `create trigger log_head_no_delete before delete on log_head ` +
      `begin select raise(abort, '${APPEND_ONLY_MESSAGE}: log_head refuses delete'); end`,
    `create trigger log_entries_in_order before insert on log_entries ` +
      `when new.log_index is not (select size - 1 from log_head where id = 1) ` +
      `begin select raise(abort, '${APPEND_ONLY_MESSAGE}: log_entries index is not the sequencer''s'); end`,
  );
  return out;
}

function postgresGuards(): string[] {
  const out: string[] = [
    `create function registry_refuse_change() returns trigger language plpgsql as $$
     begin
       raise exception '${APPEND_ONLY_MESSAGE}: % refuses %', tg_table_name, lower(tg_op);
     end $$`,
    `create function registry_log_head_forward() returns trigger language plpgsql as $$
     begin
       if tg_op <> 'UPDATE' or new.id <> old.id or new.size <> old.size + 1 then
         raise exception '${APPEND_ONLY_MESSAGE}: log_head only moves forward by one';
       end if;
       return new;
     end $$`,
    `create function registry_log_entry_in_order() returns trigger language plpgsql as $$
     begin
       if new.log_index is distinct from (select size - 1 from log_head where id = 1) then
         raise exception '${APPEND_ONLY_MESSAGE}: log_entries index is not the sequencer''s';
       end if;
       return new;
     end $$`,
  ];
  for (const table of APPEND_ONLY_TABLES) {
    out.push(
      `create trigger ${table}_append_only before update or delete on ${table} ` +
        `for each row execute function registry_refuse_change()`,
      `create trigger ${table}_no_truncate before truncate on ${table} ` +
        `for each statement execute function registry_refuse_change()`,
      `revoke update, delete, truncate on ${table} from public`,
    );
  }
  out.push(
    `create trigger log_head_forward before update or delete on log_head ` +
      `for each row execute function registry_log_head_forward()`,
    `create trigger log_head_no_truncate before truncate on log_head ` +
      `for each statement execute function registry_refuse_change()`,
    `revoke delete, truncate on log_head from public`,
    `create trigger log_entries_in_order before insert on log_entries ` +
      `for each row execute function registry_log_entry_in_order()`,
  );
  return out;
}
