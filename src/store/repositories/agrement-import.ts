import type { Db, Tx } from '../db';
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

/** Creates structures (centre social or EVS); a code already taken is left alone. */
export async function insertStructures(
  tx: Tx,
  tenantId: string,
  rows: { codes: string[]; names: string[]; kinds: string[]; communes: string[] },
): Promise<{ id: string; code: string }[]> {
  return tx.$queryRaw<{ id: string; code: string }[]>`
    INSERT INTO organisations (id, tenant_id, code, name, kind, commune_insee)
    SELECT gen_random_uuid(), ${tenantId}::uuid, x.code, x.name, x.kind::organisation_kind, x.commune
    FROM unnest(${rows.codes}::text[], ${rows.names}::text[], ${rows.kinds}::text[], ${rows.communes}::text[])
      AS x(code, name, kind, commune)
    ON CONFLICT (tenant_id, code) DO NOTHING
    RETURNING id, code`;
}

/** Renames structures and moves them to another commune (the arrays in step). */
export async function updateStructures(
  tx: Tx,
  rows: { ids: string[]; names: string[]; communes: string[] },
): Promise<number> {
  return tx.$executeRaw`
    UPDATE organisations o SET name = x.name, commune_insee = x.commune
    FROM unnest(${rows.ids}::uuid[], ${rows.names}::text[], ${rows.communes}::text[]) AS x(id, name, commune)
    WHERE o.id = x.id`;
}

/**
 * Creates agréments; one already there (same structure, kind and start date) is left alone.
 * Returns those created, with their end date (ISO) and status.
 */
export async function insertAgrements(
  tx: Tx,
  tenantId: string,
  rows: {
    organisationIds: string[];
    kinds: string[];
    starts: string[];
    ends: string[];
    statuses: string[];
  },
): Promise<{ id: string; endDate: string; status: string }[]> {
  return tx.$queryRaw<{ id: string; endDate: string; status: string }[]>`
    INSERT INTO agrements (id, tenant_id, organisation_id, kind, start_date, end_date, status)
    SELECT gen_random_uuid(), ${tenantId}::uuid, x.org, x.kind::agrement_kind, x.s, x.e,
           x.status::agrement_status
    FROM unnest(${rows.organisationIds}::uuid[], ${rows.kinds}::text[], ${rows.starts}::date[],
                ${rows.ends}::date[], ${rows.statuses}::text[]) AS x(org, kind, s, e, status)
    ON CONFLICT (tenant_id, organisation_id, kind, start_date) DO NOTHING
    RETURNING id, to_char(end_date, 'YYYY-MM-DD') AS "endDate", status::text AS status`;
}
