import { typedKey } from '../domain/text';
import { z } from 'zod';
import { validateAgrementPeriod } from '../domain/agrement-calendar';
import { formatDateFr, localDate, parseRegisterDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { AGREMENT_KIND_LABELS } from '../domain/agrement-messages';
import { AGREMENT_KINDS, type AgrementKind } from '../domain/types';
import {
  communeInseeCodes,
  inImportTransaction,
  remindersPlannedAt,
  tenantAgrementPeriods,
  tenantOrganisations,
  type ImportOrganisation,
} from '../store/repositories/agrement-import';
import type { RowProblem } from './csv';
import type { Actor, AppDeps } from './deps';
import { rowErrors } from './import-organisations';
import { agrementReminderRows, REMINDED_AGREMENT_STATUSES } from './plan-agrement-reminders';
import {
  csvRegisterFrom,
  excelSerialDate,
  openRegisterFile,
  type RegisterFile,
  type RegisterFileInfo,
} from './register-file';

export const AGREMENT_COLUMNS = [
  'structure_code',
  'structure_name',
  'kind',
  'commune_insee',
  'start_date',
  'end_date',
];

/** The kinds as registers write them, besides the codes themselves. */
const KIND_ALIASES: Record<string, AgrementKind> = {
  ag: 'animation_globale',
  animation_globale: 'animation_globale',
  centre_social: 'animation_globale',
  acf: 'animation_collective_familles',
  animation_collective_familles: 'animation_collective_familles',
  animation_collective_famille: 'animation_collective_familles',
  evs: 'evs',
  espace_de_vie_sociale: 'evs',
};

function normaliseKind(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return KIND_ALIASES[typedKey(v)] ?? v;
}

function registerDate(v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v;
  return parseRegisterDate(v) ?? excelSerialDate(v.trim()) ?? v;
}

const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
const dateField = (missing: string) =>
  z.preprocess(
    registerDate,
    z
      .string()
      .min(1, `${missing} : indiquez-la au format JJ/MM/AAAA (par exemple 31/12/2027)`)
      .refine(
        (v) => DATE_FORMAT.test(v) && parseRegisterDate(v) === v,
        'date invalide : écrivez-la JJ/MM/AAAA (31/12/2027) ou AAAA-MM-JJ',
      ),
  );

export const ZAgrementRow = z.object({
  structure_code: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/,
      'code de structure invalide : lettres, chiffres, « - », « _ » ou « . », 40 caractères au plus',
    ),
  structure_name: z
    .string()
    .min(1, 'nom de structure manquant : indiquez le nom du centre social ou de l’EVS')
    .max(200, 'nom trop long : 200 caractères au plus'),
  kind: z.preprocess(
    normaliseKind,
    z.enum(AGREMENT_KINDS, {
      error: () => `type d'agrément inconnu (attendu : ${AGREMENT_KINDS.join(', ')})`,
    }),
  ),
  commune_insee: z
    .string()
    .regex(
      /^(\d{5}|2[AB]\d{3})$/,
      'code INSEE manquant ou invalide : 5 caractères, par exemple 94028',
    ),
  start_date: dateField('date de début manquante'),
  end_date: dateField('date de fin manquante'),
});
export type TAgrementRow = z.infer<typeof ZAgrementRow>;

export type ImportPhase = 'read' | 'check' | 'write' | 'plan';
export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
  /** `bytes` for the reading, `rows` otherwise. */
  unit: 'bytes' | 'rows';
}

/** A line whose structure is renamed or moved to another commune (applied with `update`). */
export interface StructureChange {
  line: number;
  code: string;
  name?: { from: string; to: string };
  commune?: { from: string | null; to: string };
}

export interface AgrementImportReport {
  file: RegisterFileInfo;
  /** data rows read */
  rows: number;
  /** agréments created (with `dryRun`: that would be) */
  created: number;
  /** lines whose agrément is already registered, same dates */
  alreadyPresent: number;
  structuresCreated: number;
  /** structures renamed or moved (only with `update`) */
  structuresUpdated: StructureChange[];
  /** refused lines (bad in themselves, or against the file or the database) */
  invalid: RowProblem[];
  /** renewal reminders planned for the new agréments */
  remindersPlanned: number;
  dryRun: boolean;
  /** whether anything was written */
  saved: boolean;
}

interface ValidRow {
  line: number;
  code: string;
  name: string;
  kind: AgrementKind;
  commune: string;
  start: string;
  end: string;
}

/** Rows per INSERT (and per progress step). */
const BATCH = 2_000;

/**
 * Imports an agrément register (CSV or Excel). Every row is checked, in itself, against the
 * other rows of the file and against the database (structures of another kind, names or
 * communes that differ, agréments overlapping one already registered); each refused row is
 * reported with its line and what to do. Nothing is written when a row is refused, unless
 * `skipInvalid` (then the other rows are). A changed name or commune is applied only with
 * `update`. `dryRun` checks everything and writes nothing. Re-importing the same file adds
 * nothing.
 *
 * Built for volume: the file is read as a stream, the checks use one query per table, and the
 * writes (structures, agréments, their renewal reminders) go in batches of 5,000 inside one
 * transaction: all or nothing.
 */
export async function importAgrements(
  deps: AppDeps,
  o: {
    tenantId: string;
    /** a path (CSV or .xlsx) … */
    file?: string;
    /** … or the CSV's text */
    csv?: string;
    skipInvalid?: boolean;
    update?: boolean;
    dryRun?: boolean;
    actor: Actor;
    onProgress?: (p: ImportProgress) => void;
  },
): Promise<AgrementImportReport> {
  const register: RegisterFile =
    o.file !== undefined
      ? await openRegisterFile(o.file, AGREMENT_COLUMNS)
      : csvRegisterFrom(o.csv ?? '', AGREMENT_COLUMNS);
  const progress = o.onProgress ?? (() => undefined);

  const [communes, organisations, periodsInDb] = await Promise.all([
    communeInseeCodes(deps.db),
    tenantOrganisations(deps.db, o.tenantId),
    tenantAgrementPeriods(deps.db, o.tenantId),
  ]);

  // 1. Read: each row in itself, and against the rows before it.
  const invalid: RowProblem[] = [];
  const valid: ValidRow[] = [];
  const structures = new Map<string, { name: string; commune: string; line: number }>();
  const periods = new Map<string, { start: string; end: string; line: number }[]>();
  const periodChecks = new Map<string, string | null>();
  let rows = 0;
  const fileBytes = register.info.bytes;
  progress({ phase: 'read', done: 0, total: fileBytes, unit: 'bytes' });
  for await (const row of register.rows((n) =>
    progress({ phase: 'read', done: n, total: fileBytes, unit: 'bytes' }),
  )) {
    rows++;
    const problem = (message: string) => invalid.push({ line: row.line, message });
    const parsed = ZAgrementRow.safeParse(row.values);
    if (!parsed.success) {
      problem(
        parsed.error.issues
          .map((i) => {
            const field = String(i.path[0]);
            const raw = row.values[field];
            return i.message.startsWith('date invalide') && raw
              ? `${field} : date invalide « ${raw} » : écrivez-la JJ/MM/AAAA (31/12/2027) ou AAAA-MM-JJ`
              : `${field} : ${i.message}`;
          })
          .join(' ; '),
      );
      continue;
    }
    const r = parsed.data;
    const periodKey = `${r.start_date}|${r.end_date}`;
    let periodProblem = periodChecks.get(periodKey);
    if (periodProblem === undefined) {
      // Registers repeat the same dates: each pair is checked once.
      periodProblem = periodError(r.start_date, r.end_date);
      periodChecks.set(periodKey, periodProblem);
    }
    if (periodProblem !== null) {
      problem(`${periodProblem} Corrigez les dates de la ligne.`);
      continue;
    }
    if (communes.size > 0 && !communes.has(r.commune_insee)) {
      problem(
        `commune_insee : code INSEE inconnu « ${r.commune_insee} » : vérifiez le code de la commune (5 caractères, par exemple 94028).`,
      );
      continue;
    }
    const seen = structures.get(r.structure_code);
    if (seen && seen.name !== r.structure_name) {
      problem(
        `la structure ${r.structure_code} porte un autre nom ligne ${seen.line} (« ${seen.name} ») : écrivez le même nom sur toutes ses lignes.`,
      );
      continue;
    }
    if (seen && seen.commune !== r.commune_insee) {
      problem(
        `la structure ${r.structure_code} est dans une autre commune ligne ${seen.line} (${seen.commune}) : écrivez la même commune sur toutes ses lignes.`,
      );
      continue;
    }
    const key = `${r.structure_code}|${r.kind}`;
    const overlapping = (periods.get(key) ?? []).find(
      (p) => r.start_date <= p.end && p.start <= r.end_date,
    );
    if (overlapping) {
      problem(
        overlapping.start === r.start_date && overlapping.end === r.end_date
          ? `doublon de la ligne ${overlapping.line} (même structure, même agrément, mêmes dates) : supprimez l'une des deux lignes.`
          : `chevauche l'agrément « ${AGREMENT_KIND_LABELS[r.kind].fr} » de la ligne ${overlapping.line} pour la même structure : corrigez les dates de l'une des deux lignes (un agrément commence après la fin du précédent).`,
      );
      continue;
    }
    if (!seen) {
      structures.set(r.structure_code, {
        name: r.structure_name,
        commune: r.commune_insee,
        line: row.line,
      });
    }
    const list = periods.get(key);
    if (list) list.push({ start: r.start_date, end: r.end_date, line: row.line });
    else periods.set(key, [{ start: r.start_date, end: r.end_date, line: row.line }]);
    valid.push({
      line: row.line,
      code: r.structure_code,
      name: r.structure_name,
      kind: r.kind,
      commune: r.commune_insee,
      start: r.start_date,
      end: r.end_date,
    });
  }
  structures.clear();
  periods.clear();
  periodChecks.clear();

  // 2. Check against the database.
  const orgByCode = new Map<string, ImportOrganisation>(organisations.map((x) => [x.code, x]));
  const dbPeriods = new Map<string, { start: string; end: string; status: string }[]>();
  for (const p of periodsInDb) {
    const key = `${p.organisationId}|${p.kind}`;
    const list = dbPeriods.get(key);
    const period = { start: p.startDate, end: p.endDate, status: p.status };
    if (list) list.push(period);
    else dbPeriods.set(key, [period]);
  }
  const changes = new Map<string, StructureChange>();
  const toCreate: ValidRow[] = [];
  let alreadyPresent = 0;
  progress({ phase: 'check', done: 0, total: valid.length, unit: 'rows' });
  for (let i = 0; i < valid.length; i++) {
    const r = valid[i]!;
    if (i % BATCH === BATCH - 1) {
      progress({ phase: 'check', done: i + 1, total: valid.length, unit: 'rows' });
    }
    const problem = (message: string) => invalid.push({ line: r.line, message });
    const org = orgByCode.get(r.code);
    if (!org) {
      toCreate.push(r);
      continue;
    }
    if (org.kind !== 'centre_social' && org.kind !== 'evs') {
      problem(
        `le code ${r.code} désigne « ${org.name} », un partenaire de type ${org.kind}, pas un centre social ni un EVS : corrigez le code de la structure.`,
      );
      continue;
    }
    const nameDiffers = org.name !== r.name;
    const communeDiffers = org.communeInsee !== r.commune;
    if (nameDiffers || communeDiffers) {
      const what = [
        nameDiffers ? `s'appelle « ${org.name} » dans Concerto, « ${r.name} » dans le fichier` : '',
        communeDiffers
          ? `est rattachée à la commune ${org.communeInsee ?? '(aucune)'} dans Concerto, ${r.commune} dans le fichier`
          : '',
      ]
        .filter(Boolean)
        .join(' et ');
      if (!o.update) {
        problem(
          `la structure ${r.code} ${what} : relancez avec --update pour enregistrer le fichier, ou corrigez la ligne.`,
        );
        continue;
      }
    }
    // Applied (with --update) unless the line is refused below.
    const change: StructureChange | null =
      o.update && (nameDiffers || communeDiffers) && !changes.has(r.code)
        ? {
            line: r.line,
            code: r.code,
            ...(nameDiffers ? { name: { from: org.name, to: r.name } } : {}),
            ...(communeDiffers ? { commune: { from: org.communeInsee, to: r.commune } } : {}),
          }
        : null;
    const registered = dbPeriods.get(`${org.id}|${r.kind}`) ?? [];
    const same = registered.find((p) => p.start === r.start);
    if (same && same.end === r.end) {
      alreadyPresent++;
      if (change) changes.set(r.code, change);
      continue;
    }
    if (same) {
      problem(
        `l'agrément « ${AGREMENT_KIND_LABELS[r.kind].fr} » de ${r.code} commencé le ${formatDateFr(r.start)} est déjà enregistré avec une fin le ${formatDateFr(same.end)} (le fichier dit ${formatDateFr(r.end)}) : l'import ne modifie pas un agrément enregistré ; corrigez la ligne, ou prolongez-le avec « concerto agrement renew ».`,
      );
      continue;
    }
    const overlap = registered.find((p) => r.start <= p.end && p.start <= r.end);
    if (overlap) {
      problem(
        `chevauche l'agrément « ${AGREMENT_KIND_LABELS[r.kind].fr} » de ${r.code} déjà enregistré du ${formatDateFr(overlap.start)} au ${formatDateFr(overlap.end)} : corrigez les dates (un agrément commence après la fin du précédent), ou, pour un renouvellement, utilisez « concerto agrement renew ».`,
      );
      continue;
    }
    if (change) changes.set(r.code, change);
    toCreate.push(r);
  }
  progress({ phase: 'check', done: valid.length, total: valid.length, unit: 'rows' });
  invalid.sort((a, b) => a.line - b.line);
  const newCodes = new Set<string>();
  for (const r of toCreate) if (!orgByCode.has(r.code)) newCodes.add(r.code);

  const report: AgrementImportReport = {
    file: register.info,
    rows,
    created: toCreate.length,
    alreadyPresent,
    structuresCreated: newCodes.size,
    structuresUpdated: [...changes.values()].sort((a, b) => a.line - b.line),
    invalid,
    remindersPlanned: 0,
    dryRun: !!o.dryRun,
    saved: false,
  };
  if (invalid.length > 0 && !o.skipInvalid) {
    if (o.dryRun) return report;
    throw rowErrors(invalid);
  }
  if (o.dryRun) return report;
  if (toCreate.length === 0 && changes.size === 0) {
    report.created = 0;
    return report;
  }

  // 3. Write, then 4. plan: one transaction.
  const today = localDate(deps.now(), 'Europe/Paris');
  const now = deps.now();
  const tenant = await deps.db.tenant.findUniqueOrThrow({
    where: { id: o.tenantId },
    select: { timezone: true, settings: true },
  });
  let remindersPlanned = 0;
  const createdAt = await inImportTransaction(deps.db, o.tenantId, async (w) => {
    const startedAt = await w.startedAt();
    const total = toCreate.length;
    progress({ phase: 'write', done: 0, total, unit: 'rows' });
    const codes = [...newCodes];
    const firstRow = new Map<string, ValidRow>();
    for (const r of toCreate) {
      if (newCodes.has(r.code) && !firstRow.has(r.code)) firstRow.set(r.code, r);
    }
    let structuresCreated = 0;
    for (let i = 0; i < codes.length; i += BATCH) {
      const chunk = codes.slice(i, i + BATCH).map((c) => firstRow.get(c)!);
      const created = await w.insertStructures({
        codes: chunk.map((r) => r.code),
        names: chunk.map((r) => r.name),
        kinds: chunk.map((r) => structureKind(r.kind)),
        communes: chunk.map((r) => r.commune),
      });
      for (const c of created) {
        orgByCode.set(c.code, {
          id: c.id,
          code: c.code,
          name: '',
          kind: 'centre_social',
          communeInsee: null,
        });
      }
      structuresCreated += created.length;
    }
    firstRow.clear();
    report.structuresCreated = structuresCreated;
    const updates = [...changes.values()];
    if (updates.length > 0) {
      await w.updateStructures({
        ids: updates.map((c) => orgByCode.get(c.code)!.id),
        names: updates.map((c) => c.name?.to ?? orgByCode.get(c.code)!.name),
        communes: updates.map((c) => c.commune?.to ?? orgByCode.get(c.code)!.communeInsee ?? ''),
      });
    }
    const toPlan: { id: string; endDate: string }[] = [];
    let created = 0;
    for (let i = 0; i < total; i += BATCH) {
      const chunk = toCreate.slice(i, i + BATCH);
      const rowsIn = await w.insertAgrements({
        organisationIds: chunk.map((r) => orgByCode.get(r.code)!.id),
        kinds: chunk.map((r) => r.kind),
        starts: chunk.map((r) => r.start),
        ends: chunk.map((r) => r.end),
        statuses: chunk.map((r) => (r.end < today ? 'expired' : 'active')),
      });
      created += rowsIn.length;
      for (const a of rowsIn) {
        if ((REMINDED_AGREMENT_STATUSES as readonly string[]).includes(a.status)) {
          toPlan.push({ id: a.id, endDate: a.endDate });
        }
      }
      progress({ phase: 'write', done: Math.min(i + BATCH, total), total, unit: 'rows' });
    }
    report.created = created;
    progress({ phase: 'plan', done: 0, total: toPlan.length, unit: 'rows' });
    const plans = new Map();
    for (let i = 0; i < toPlan.length; i += BATCH) {
      for (const rowsOf of agrementReminderRows({
        tenant,
        agrements: toPlan.slice(i, i + BATCH),
        now,
        plans,
      })) {
        remindersPlanned += await w.insertAgrementReminders(rowsOf);
      }
      progress({
        phase: 'plan',
        done: Math.min(i + BATCH, toPlan.length),
        total: toPlan.length,
        unit: 'rows',
      });
    }
    await w.audit({
      actorMemberId: o.actor.kind === 'member' ? o.actor.memberId : null,
      actor: o.actor.label,
      action: 'agrements.imported',
      subjectType: 'tenant',
      subjectId: o.tenantId,
      data: {
        rows,
        created,
        structuresCreated,
        structuresUpdated: updates.length,
        invalid: invalid.length,
        skipInvalid: !!o.skipInvalid,
        update: !!o.update,
      },
    });
    return startedAt;
  });
  report.saved = true;
  report.remindersPlanned = remindersPlanned;
  // The queue wakes on the planned rows (those within its horizon get a job), a page at a time.
  for (let afterId: string | null = null; ;) {
    const ids = await remindersPlannedAt(deps.db, {
      tenantId: o.tenantId,
      createdAt,
      afterId,
      limit: 20_000,
    });
    if (ids.length === 0) break;
    await deps.outbox.remindersPlanned(ids);
    afterId = ids[ids.length - 1]!;
  }
  return report;
}

/** The French text of what is wrong with an agrément's period, or null. */
function periodError(start: string, end: string): string | null {
  try {
    validateAgrementPeriod(start, end);
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

function structureKind(kind: AgrementKind): 'evs' | 'centre_social' {
  return kind === 'evs' ? 'evs' : 'centre_social';
}
