import { z } from 'zod';
import { ORGANISATION_KINDS } from '../domain/types';
import { DomainError, isDomainError } from '../domain/errors';
import { parseEmailList } from '../domain/contact';
import { deactivateContact, saveContact } from '../store/contacts';
import { audit } from './audit';
import { readCsv, type RowProblem } from './csv';
import type { Actor, AppDeps } from './deps';

export const ZOrganisationRow = z.object({
  code: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/,
      'code invalide (lettres, chiffres, - _ . ; 40 au plus)',
    ),
  name: z.string().min(1, 'nom manquant').max(200, 'nom trop long (200 caractères au plus)'),
  kind: z.enum(ORGANISATION_KINDS, {
    error: () => `type inconnu (attendu : ${ORGANISATION_KINDS.join(', ')})`,
  }),
  commune_insee: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})?$/, 'code INSEE invalide (5 caractères)')
    .optional()
    .transform((v) => (v ? v : null)),
  /** E-mail contacts: the titular first, then substitutes (separated by `;`, `,` or spaces). */
  email: z.string().optional(),
});
export type TOrganisationRow = z.infer<typeof ZOrganisationRow>;

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** E-mail contacts added (or reactivated) and removed by the `email` column. */
  contactsAdded: number;
  contactsRemoved: number;
  skipped: RowProblem[];
}

/**
 * Imports partner organisations from a CSV (code,name,kind,commune_insee[,email]). Every row is
 * checked first; a bad row stops the import with every problem listed by line, and nothing is
 * written. A non-empty `email` cell sets the organisation's e-mail contacts to exactly those
 * addresses (the first is the titular; contacts no longer listed are removed); an empty cell or
 * no `email` column leaves its contacts as they are.
 */
export async function importOrganisations(
  deps: AppDeps,
  o: { tenantId: string; csv: string; actor: Actor },
): Promise<ImportReport> {
  const rows = readCsv(o.csv, ['code', 'name', 'kind']);
  const problems: RowProblem[] = [];
  const valid: (TOrganisationRow & { line: number; emails: string[] })[] = [];
  const seen = new Map<string, number>();
  const communes = new Set(
    (await deps.db.commune.findMany({ select: { insee: true } })).map((c) => c.insee),
  );
  for (const row of rows) {
    const parsed = ZOrganisationRow.safeParse(row.values);
    if (!parsed.success) {
      problems.push({
        line: row.line,
        message: parsed.error.issues.map((i) => `${String(i.path[0])} : ${i.message}`).join(' ; '),
      });
      continue;
    }
    const r = parsed.data;
    const dup = seen.get(r.code);
    if (dup !== undefined) {
      problems.push({ line: row.line, message: `code « ${r.code} » déjà présent ligne ${dup}` });
      continue;
    }
    seen.set(r.code, row.line);
    if (r.commune_insee && communes.size > 0 && !communes.has(r.commune_insee)) {
      problems.push({
        line: row.line,
        message: `commune_insee : code INSEE inconnu « ${r.commune_insee} »`,
      });
      continue;
    }
    let emails: string[] = [];
    try {
      emails = parseEmailList(r.email ?? '');
    } catch (err) {
      if (!isDomainError(err)) throw err;
      problems.push({ line: row.line, message: `email : ${err.message}` });
      continue;
    }
    valid.push({ ...r, line: row.line, emails });
  }
  if (problems.length > 0) throw rowErrors(problems);
  return deps.db.$transaction(async (tx) => {
    const report: ImportReport = {
      created: 0,
      updated: 0,
      unchanged: 0,
      contactsAdded: 0,
      contactsRemoved: 0,
      skipped: [],
    };
    const existing = new Map(
      (await tx.organisation.findMany({ where: { tenantId: o.tenantId } })).map((org) => [
        org.code,
        org,
      ]),
    );
    for (const r of valid) {
      const prev = existing.get(r.code);
      let organisationId = prev?.id;
      if (!prev) {
        const created = await tx.organisation.create({
          data: {
            tenantId: o.tenantId,
            code: r.code,
            name: r.name,
            kind: r.kind,
            communeInsee: r.commune_insee,
          },
        });
        organisationId = created.id;
        report.created += 1;
      } else if (
        prev.name !== r.name ||
        prev.kind !== r.kind ||
        prev.communeInsee !== r.commune_insee
      ) {
        await tx.organisation.update({
          where: { id: prev.id },
          data: { name: r.name, kind: r.kind, communeInsee: r.commune_insee },
        });
        report.updated += 1;
      } else {
        report.unchanged += 1;
      }
      if (r.emails.length > 0 && organisationId) {
        const id = organisationId;
        for (const [i, email] of r.emails.entries()) {
          const saved = await saveContact(tx, {
            tenantId: o.tenantId,
            organisationId: id,
            email,
            name: null,
            titular: i === 0,
          });
          if (saved.created) report.contactsAdded += 1;
        }
        const gone = await tx.contact.findMany({
          where: { organisationId: id, active: true, email: { notIn: r.emails } },
          select: { email: true },
        });
        for (const g of gone) {
          await deactivateContact(tx, { tenantId: o.tenantId, organisationId: id, email: g.email });
          report.contactsRemoved += 1;
        }
      }
    }
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'organisations.imported',
      subjectType: 'tenant',
      subjectId: o.tenantId,
      data: { ...report },
    });
    return report;
  });
}

export function rowErrors(problems: RowProblem[]): DomainError {
  return new DomainError('CSV_ROWS_INVALID', { problems });
}
