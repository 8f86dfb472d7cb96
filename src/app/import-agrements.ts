import { z } from 'zod';
import { validateAgrementPeriod } from '../domain/agrement-calendar';
import { localDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { AGREMENT_KINDS, type AgrementKind } from '../domain/types';
import { audit } from './audit';
import { readCsv, type RowProblem } from './csv';
import type { Actor, AppDeps } from './deps';
import { rowErrors } from './import-organisations';
import { planRemindersForAgrements } from './plan-agrement-reminders';

export const AGREMENT_COLUMNS = [
  'structure_code',
  'structure_name',
  'kind',
  'commune_insee',
  'start_date',
  'end_date',
];

export const ZAgrementRow = z.object({
  structure_code: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'code de structure invalide'),
  structure_name: z.string().min(1, 'nom de structure manquant').max(200, 'nom trop long'),
  kind: z.enum(AGREMENT_KINDS, {
    error: () => `type d'agrément inconnu (attendu : ${AGREMENT_KINDS.join(', ')})`,
  }),
  commune_insee: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, 'code INSEE manquant ou invalide (5 caractères)'),
  start_date: z.string().min(1, 'date de début manquante'),
  end_date: z.string().min(1, 'date de fin manquante'),
});
export type TAgrementRow = z.infer<typeof ZAgrementRow>;

export interface AgrementImportReport {
  rows: number;
  created: number;
  alreadyPresent: number;
  structuresCreated: number;
  invalid: RowProblem[];
  /** ids of the agréments created */
  createdIds: string[];
  /** renewal reminders planned for them */
  remindersPlanned: number;
}

/**
 * Imports an agrément register. Every row is validated first and every bad row reported with
 * its line and reason; nothing is imported when a row is bad, unless `skipInvalid` (then the
 * good rows are imported and the bad ones reported). Re-importing the same file adds nothing.
 */
export async function importAgrements(
  deps: AppDeps,
  o: {
    tenantId: string;
    csv: string;
    skipInvalid?: boolean;
    actor: Actor;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<AgrementImportReport> {
  const rows = readCsv(o.csv, AGREMENT_COLUMNS);
  const communes = new Set(
    (await deps.db.commune.findMany({ select: { insee: true } })).map((c) => c.insee),
  );
  const invalid: RowProblem[] = [];
  const valid: (TAgrementRow & { line: number })[] = [];
  const names = new Map<string, { name: string; line: number }>();
  const periods = new Map<string, { start: string; end: string; line: number }[]>();
  for (const row of rows) {
    const parsed = ZAgrementRow.safeParse(row.values);
    if (!parsed.success) {
      invalid.push({
        line: row.line,
        message: parsed.error.issues.map((i) => `${String(i.path[0])} : ${i.message}`).join(' ; '),
      });
      continue;
    }
    const r = parsed.data;
    try {
      validateAgrementPeriod(r.start_date, r.end_date);
    } catch (err) {
      if (err instanceof DomainError) {
        invalid.push({ line: row.line, message: err.message });
        continue;
      }
      throw err;
    }
    if (communes.size > 0 && !communes.has(r.commune_insee)) {
      invalid.push({
        line: row.line,
        message: `commune_insee : code INSEE inconnu « ${r.commune_insee} »`,
      });
      continue;
    }
    const named = names.get(r.structure_code);
    if (named && named.name !== r.structure_name) {
      invalid.push({
        line: row.line,
        message: `la structure ${r.structure_code} porte un autre nom ligne ${named.line} (« ${named.name} »)`,
      });
      continue;
    }
    const key = `${r.structure_code}|${r.kind}`;
    const overlapping = (periods.get(key) ?? []).find(
      (p) => r.start_date <= p.end && p.start <= r.end_date,
    );
    if (overlapping) {
      invalid.push({
        line: row.line,
        message:
          overlapping.start === r.start_date && overlapping.end === r.end_date
            ? `doublon de la ligne ${overlapping.line} (même structure, même agrément, mêmes dates)`
            : `chevauche l'agrément ${r.kind} de la ligne ${overlapping.line} pour la même structure`,
      });
      continue;
    }
    names.set(r.structure_code, { name: r.structure_name, line: row.line });
    periods.set(key, [
      ...(periods.get(key) ?? []),
      { start: r.start_date, end: r.end_date, line: row.line },
    ]);
    valid.push({ ...r, line: row.line });
  }
  if (invalid.length > 0 && !o.skipInvalid) throw rowErrors(invalid);

  const today = localDate(deps.now(), 'Europe/Paris');
  const report: AgrementImportReport = {
    rows: rows.length,
    created: 0,
    alreadyPresent: 0,
    structuresCreated: 0,
    invalid,
    createdIds: [],
    remindersPlanned: 0,
  };
  await deps.db.$transaction(
    async (tx) => {
      const orgs = new Map(
        (
          await tx.organisation.findMany({
            where: { tenantId: o.tenantId },
            select: { id: true, code: true, kind: true },
          })
        ).map((x) => [x.code, x]),
      );
      const newOrgs = [...new Map(valid.map((r) => [r.structure_code, r])).values()].filter(
        (r) => !orgs.has(r.structure_code),
      );
      if (newOrgs.length > 0) {
        const created = await tx.organisation.createManyAndReturn({
          data: newOrgs.map((r) => ({
            tenantId: o.tenantId,
            code: r.structure_code,
            name: r.structure_name,
            kind: structureKind(r.kind),
            communeInsee: r.commune_insee,
          })),
          select: { id: true, code: true, kind: true },
        });
        for (const c of created) orgs.set(c.code, c);
        report.structuresCreated = created.length;
      }
      for (const r of valid) {
        const org = orgs.get(r.structure_code)!;
        if (org.kind !== 'centre_social' && org.kind !== 'evs') {
          throw new DomainError('AGREMENT_NOT_A_STRUCTURE', {
            line: r.line,
            code: r.structure_code,
            kind: org.kind,
          });
        }
      }
      const existing = new Set(
        (
          await tx.agrement.findMany({
            where: { tenantId: o.tenantId },
            select: { organisationId: true, kind: true, startDate: true },
          })
        ).map((a) => `${a.organisationId}|${a.kind}|${a.startDate.toISOString().slice(0, 10)}`),
      );
      const toCreate = valid.filter(
        (r) => !existing.has(`${orgs.get(r.structure_code)!.id}|${r.kind}|${r.start_date}`),
      );
      report.alreadyPresent = valid.length - toCreate.length;
      const CHUNK = 500;
      for (let i = 0; i < toCreate.length; i += CHUNK) {
        const chunk = toCreate.slice(i, i + CHUNK);
        const created = await tx.agrement.createManyAndReturn({
          data: chunk.map((r) => ({
            tenantId: o.tenantId,
            organisationId: orgs.get(r.structure_code)!.id,
            kind: r.kind,
            startDate: new Date(`${r.start_date}T00:00:00Z`),
            endDate: new Date(`${r.end_date}T00:00:00Z`),
            status: r.end_date < today ? ('expired' as const) : ('active' as const),
          })),
          skipDuplicates: true,
          select: { id: true },
        });
        report.createdIds.push(...created.map((c) => c.id));
        o.onProgress?.(Math.min(i + CHUNK, toCreate.length), toCreate.length);
      }
      report.created = report.createdIds.length;
      await audit(tx, {
        tenantId: o.tenantId,
        actor: o.actor,
        action: 'agrements.imported',
        subjectType: 'tenant',
        subjectId: o.tenantId,
        data: {
          rows: report.rows,
          created: report.created,
          invalid: invalid.length,
          skipInvalid: !!o.skipInvalid,
        },
      });
    },
    { timeout: 120_000 },
  );
  // The renewal calendar of each new agrément (planned rows; the queue wakes on them).
  const planned = await planRemindersForAgrements(deps, {
    tenantId: o.tenantId,
    agrementIds: report.createdIds,
  });
  report.remindersPlanned = planned.reminderIds.length;
  return report;
}

function structureKind(kind: AgrementKind): 'evs' | 'centre_social' {
  return kind === 'evs' ? 'evs' : 'centre_social';
}
