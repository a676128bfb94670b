import type { Db } from '../database/db.service.js';
import { sqlIdentifier } from '../database/sql-identifier.js';
import { CommonErrors } from '../errors/index.js';
import { RequestContexts, type Actor } from '../http/request-context.js';
import type { StateMachine } from './state-machine.js';
import { StateErrors } from './state.errors.js';

/**
 * Where an entity keeps its state, and its status-history table. The history table has the columns
 * `<historyKey>, from_status, to_status, actor_type, actor_id, reason, at` (`at` defaulting to now()),
 * e.g. `appointment_status_history (appointment_id uuid, from_status text, to_status text,
 * actor_type text, actor_id uuid NULL, reason text NULL, at timestamptz DEFAULT now())`.
 */
export interface StatefulTable {
  table: string;
  history: string;
  /** The history table's column that references the entity; default `<table>_id`. */
  historyKey?: string;
  /** Default `id`. */
  idColumn?: string;
  /** Default `status`. */
  statusColumn?: string;
  /** Bumped by one with each transition (DESIGN §3: entities people edit carry a version); default `version`, `null` for none. */
  versionColumn?: string | null;
  /** Set to now() with each transition; default none. */
  updatedAtColumn?: string | null;
}

export interface TransitionRequest<S extends string> {
  id: string;
  to: S;
  reason?: string | null;
  /** Default: the request's actor; none means the system (a job, a deadline). */
  actor?: Actor | null;
  /** Recorded as done by this instead of the actor (a customer acting through a session or a signed link): `{ type: 'customer', id }`. */
  by?: { type: string; id: string | null };
  /** Other columns the transition sets in the same UPDATE (`cancelled_at`, `cancel_reason`), by column name. */
  set?: Record<string, unknown>;
}

export interface TransitionResult<S extends string> {
  id: string;
  from: S;
  to: S;
  /** The entity's version after the transition (when the table has one). */
  version: number | null;
  at: Date;
}

/** A refused UPDATE is re-read; if the state it finds would allow the move, another transaction just moved it: try again. */
const ATTEMPTS = 3;

/**
 * Moves one entity along its state machine, enforced by PostgreSQL: one statement locks the row only
 * if its status is one the machine lets become `to` (`status = ANY($from)`), updates it and writes
 * the status-history row, so two concurrent transitions from the same state cannot both win (the
 * second re-reads the row after the first commits and no longer matches). Runs in the caller's
 * transaction when there is one.
 */
export class StateTransitions<S extends string> {
  private readonly sql: string;
  private readonly currentSql: string;

  constructor(
    readonly machine: StateMachine<S>,
    readonly where: StatefulTable,
  ) {
    const table = sqlIdentifier(where.table);
    const id = sqlIdentifier(where.idColumn ?? 'id');
    const status = sqlIdentifier(where.statusColumn ?? 'status');
    const version = where.versionColumn === null ? null : sqlIdentifier(where.versionColumn ?? 'version');
    const sets = [`${status} = $3`];
    if (version) sets.push(`${version} = ${table}.${version} + 1`);
    if (where.updatedAtColumn) sets.push(`${sqlIdentifier(where.updatedAtColumn)} = now()`);
    this.sql = `WITH src AS (
        SELECT ${id} AS id, ${status}::text AS status FROM ${table} WHERE ${id} = $1 AND ${status}::text = ANY($2::text[]) FOR UPDATE
      ), moved AS (
        UPDATE ${table} SET ${sets.join(', ')} /*extra*/ FROM src WHERE ${table}.${id} = src.id
        RETURNING ${table}.${id} AS id, src.status AS from_status, ${version ? `${table}.${version}` : 'NULL::int'} AS version
      ), logged AS (
        INSERT INTO ${sqlIdentifier(where.history)} (${sqlIdentifier(where.historyKey ?? `${where.table}_id`)}, from_status, to_status, actor_type, actor_id, reason)
        SELECT id, from_status, $3, $4, $5, $6 FROM moved RETURNING at
      )
      SELECT moved.id::text AS id, moved.from_status AS "from", moved.version AS version, logged.at AS at FROM moved, logged`;
    this.currentSql = `SELECT ${status}::text AS status FROM ${table} WHERE ${id} = $1`;
  }

  async apply(db: Db, request: TransitionRequest<S>): Promise<TransitionResult<S>> {
    const { machine } = this;
    if (!machine.isState(request.to)) throw new Error(`${machine.entity}: "${String(request.to)}" is not a state`);
    const from = machine.allowedInto(request.to);
    const actor = request.actor === undefined ? RequestContexts.actor() : request.actor;
    const extra = Object.entries(request.set ?? {});
    const sql = extra.length === 0 ? this.sql : this.sql.replace('/*extra*/', extra.map(([column], i) => `, ${sqlIdentifier(column)} = $${7 + i}`).join(''));
    const actorType = request.by ? request.by.type : (actor?.kind ?? 'system');
    const actorId = request.by ? request.by.id : (actor?.id ?? null);
    const parameters = [request.id, from, request.to, actorType, actorId, request.reason ?? null, ...extra.map(([, value]) => value)];
    for (let attempt = 1; ; attempt++) {
      const [moved] = from.length === 0 ? [] : await db.rows<{ id: string; from: S; version: number | null; at: Date }>(sql, parameters);
      if (moved) return { id: moved.id, from: moved.from, to: request.to, version: moved.version, at: moved.at };
      const [current] = await db.rows<{ status: string }>(this.currentSql, [request.id]);
      if (!current) throw CommonErrors.notFound(machine.entity, request.id);
      const state = current.status as S;
      if (!machine.canTransition(state, request.to) || attempt >= ATTEMPTS) throw StateErrors.invalidTransition(machine, state, request.to);
    }
  }
}
