import type { PoolClient } from 'pg';
import { dbPool, type Db } from '../db';
import { dbSql } from '../sql';

/**
 * Queries of the agrément register import, written for volume (50,000 rows): the reads return
 * plain rows (dates as ISO text) in one query each, the writes take arrays and go in with one
 * INSERT … SELECT unnest(…) per batch.
 */

export interface ImportOrganisation {
  id: string;
  code: string;
  name: string;
  kind: string;
  communeInsee: string | null;
}

export interface ImportAgrementPeriod {
  organisationId: string;
  kind: string;
  /** ISO dates */
  startDate: string;
  endDate: string;
  status: string;
}

/** The INSEE codes of the communes table (empty when the table was never loaded). */
export async function communeInseeCodes(db: Db): Promise<Set<string>> {
  const rows = await dbSql(db).query<{ insee: string }>('SELECT insee FROM communes', []);
  return new Set(rows.map((r) => r.insee));
}

/** Every organisation of a tenant, partners and structures alike. */
export async function tenantOrganisations(db: Db, tenantId: string): Promise<ImportOrganisation[]> {
  return dbSql(db).query<ImportOrganisation>(
    `SELECT id, code, name, kind::text AS kind, commune_insee AS "communeInsee"
       FROM organisations WHERE tenant_id = $1::uuid`,
    [tenantId],
  );
}

/** Every agrément of a tenant, as periods. */
export async function tenantAgrementPeriods(
  db: Db,
  tenantId: string,
): Promise<ImportAgrementPeriod[]> {
  return dbSql(db).query<ImportAgrementPeriod>(
    `SELECT organisation_id AS "organisationId", kind::text AS kind,
            to_char(start_date, 'YYYY-MM-DD') AS "startDate",
            to_char(end_date, 'YYYY-MM-DD') AS "endDate", status::text AS status
       FROM agrements WHERE tenant_id = $1::uuid`,
    [tenantId],
  );
}

/**
 * The writes of an import, on one connection of the client's pg pool inside one transaction
 * (BEGIN … COMMIT, ROLLBACK on any error): at this volume Prisma's raw queries cost several times
 * what pg costs for the same statements.
 */
export interface ImportWriter {
  /** Creates structures (centre social or EVS); a code already taken is left alone. */
  insertStructures(rows: {
    codes: string[];
    names: string[];
    kinds: string[];
    communes: string[];
  }): Promise<{ id: string; code: string }[]>;
  /** Renames structures and moves them to another commune (the arrays in step). */
  updateStructures(rows: { ids: string[]; names: string[]; communes: string[] }): Promise<number>;
  /**
   * Creates agréments; one already there (same structure, kind and start date) is left alone.
   * Returns those created, with their end date (ISO) and status.
   */
  insertAgrements(rows: {
    organisationIds: string[];
    kinds: string[];
    starts: string[];
    ends: string[];
    statuses: string[];
  }): Promise<{ id: string; endDate: string; status: string }[]>;
  /**
   * Plans the reminders of new agréments; returns how many rows were created (their ids are read
   * back after the commit, page by page: see `remindersPlannedAt`).
   */
  insertAgrementReminders(rows: {
    kinds: string[];
    agrementIds: string[];
    dueAts: string[];
  }): Promise<number>;
  /** The transaction's timestamp: the `created_at` of every row it inserts. */
  startedAt(): Promise<string>;
  audit(e: {
    actorMemberId: string | null;
    actor: string;
    action: string;
    subjectType: string;
    subjectId: string;
    data: Record<string, unknown>;
  }): Promise<void>;
}

export async function inImportTransaction<T>(
  db: Db,
  tenantId: string,
  fn: (w: ImportWriter) => Promise<T>,
): Promise<T> {
  const client: PoolClient = await dbPool(db).connect();
  const q = async <R>(text: string, params: unknown[]): Promise<R[]> =>
    (await client.query(text, params)).rows as R[];
  const writer: ImportWriter = {
    insertStructures: (r) =>
      q(
        `INSERT INTO organisations (id, tenant_id, code, name, kind, commune_insee)
         SELECT gen_random_uuid(), $1::uuid, x.code, x.name, x.kind::organisation_kind, x.commune
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(code, name, kind, commune)
         ON CONFLICT (tenant_id, code) DO NOTHING
         RETURNING id, code`,
        [tenantId, r.codes, r.names, r.kinds, r.communes],
      ),
    async updateStructures(r) {
      const res = await client.query(
        `UPDATE organisations o SET name = x.name, commune_insee = x.commune
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, name, commune)
         WHERE o.id = x.id AND o.tenant_id = $4::uuid`,
        [r.ids, r.names, r.communes, tenantId],
      );
      return res.rowCount ?? 0;
    },
    insertAgrements: (r) =>
      q(
        `INSERT INTO agrements (id, tenant_id, organisation_id, kind, start_date, end_date, status)
         SELECT gen_random_uuid(), $1::uuid, x.org, x.kind::agrement_kind, x.s, x.e,
                x.status::agrement_status
         FROM unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::text[])
           AS x(org, kind, s, e, status)
         ON CONFLICT (tenant_id, organisation_id, kind, start_date) DO NOTHING
         RETURNING id, to_char(end_date, 'YYYY-MM-DD') AS "endDate", status::text AS status`,
        [tenantId, r.organisationIds, r.kinds, r.starts, r.ends, r.statuses],
      ),
    async insertAgrementReminders(r) {
      const res = await client.query(
        `INSERT INTO planned_reminders (id, tenant_id, kind, agrement_id, due_at, status)
         SELECT gen_random_uuid(), $1::uuid, x.kind, x.agrement_id, x.due_at, 'planned'
         FROM unnest($2::text[], $3::uuid[], $4::timestamptz[]) AS x(kind, agrement_id, due_at)
         ON CONFLICT (agrement_id, kind) DO NOTHING`,
        [tenantId, r.kinds, r.agrementIds, r.dueAts],
      );
      return res.rowCount ?? 0;
    },
    async startedAt() {
      // As the rows store it (timestamptz(3): rounded to the millisecond), in text: no JS Date.
      return (await q<{ now: string }>('SELECT now()::timestamptz(3)::text AS now', []))[0]!.now;
    },
    async audit(e) {
      await client.query(
        `INSERT INTO audit_events (tenant_id, actor_member_id, actor, action, subject_type, subject_id, data)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::jsonb)`,
        [
          tenantId,
          e.actorMemberId,
          e.actor,
          e.action,
          e.subjectType,
          e.subjectId,
          JSON.stringify(e.data),
        ],
      );
    },
  };
  try {
    await client.query('BEGIN');
    const result = await fn(writer);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A page of the agrément reminders a transaction planned (created at its timestamp), by id after
 * `afterId`: the import hands them to the queue a page at a time.
 */
export async function remindersPlannedAt(
  db: Db,
  o: { tenantId: string; createdAt: string; afterId: string | null; limit: number },
): Promise<string[]> {
  const rows = await dbSql(db).query<{ id: string }>(
    `SELECT id FROM planned_reminders
      WHERE tenant_id = $1::uuid AND created_at = $2::timestamptz AND agrement_id IS NOT NULL
        AND status = 'planned' AND ($3::uuid IS NULL OR id > $3::uuid)
      ORDER BY id LIMIT $4`,
    [o.tenantId, o.createdAt, o.afterId, o.limit],
  );
  return rows.map((r) => r.id);
}
