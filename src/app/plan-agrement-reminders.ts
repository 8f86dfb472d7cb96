import {
  parseAgrementOffsets,
  planAgrementReminders,
  type AgrementOffsets,
} from '../domain/agrement-calendar';
import type { Tx } from '../store/db';
import { upsertAgrementReminders } from '../store/repositories/agrements';
import type { AppDeps } from './deps';

/** Agrément statuses that still get renewal reminders. */
export const REMINDED_AGREMENT_STATUSES = ['active', 'renewal_in_progress'] as const;

/** Rows written per INSERT: 1,000 agréments × 7 steps stays well under Postgres' limits. */
const CHUNK = 1_000;

export function isoDate(d: Date): string {
  // @db.Date columns come back as UTC midnight.
  return d.toISOString().slice(0, 10);
}

/**
 * Plans (or moves) the renewal reminders of agréments, inside the caller's transaction: one
 * planned_reminders row per step still to come, kind `agrement.<step>`, upserted on
 * (agrement_id, kind). A row already sent or cancelled is left alone (a step is never sent twice);
 * a planned row whose date changed is moved. Returns the ids of the rows created or moved.
 *
 * Written for volume (an import of 10,000 agréments): the calendar is computed once per distinct
 * end date, and rows go in with one INSERT … SELECT unnest(…) per 1,000 agréments.
 */
export async function planAgrementReminderRows(
  tx: Tx,
  o: {
    tenant: { id: string; timezone: string; settings: unknown };
    agrements: { id: string; endDate: Date }[];
    now: Date;
  },
): Promise<string[]> {
  const rows = agrementReminderRows(o);
  const ids: string[] = [];
  for (const chunk of rows) {
    ids.push(...(await upsertAgrementReminders(tx, o.tenant.id, chunk)));
  }
  return ids;
}

/**
 * The reminder rows of agréments (the three arrays in step), one set per 1,000 agréments; the
 * calendar is computed once per distinct end date.
 */
export function agrementReminderRows(o: {
  tenant: { timezone: string; settings: unknown };
  agrements: { id: string; endDate: Date | string }[];
  now: Date;
  plans?: Map<string, ReturnType<typeof planAgrementReminders>>;
}): { kinds: string[]; agrementIds: string[]; dueAts: string[] }[] {
  const offsets: AgrementOffsets = parseAgrementOffsets(o.tenant.settings);
  const plans = o.plans ?? new Map<string, ReturnType<typeof planAgrementReminders>>();
  const out: { kinds: string[]; agrementIds: string[]; dueAts: string[] }[] = [];
  for (let i = 0; i < o.agrements.length; i += CHUNK) {
    const kinds: string[] = [];
    const agrementIds: string[] = [];
    const dueAts: string[] = [];
    for (const a of o.agrements.slice(i, i + CHUNK)) {
      const endDate = typeof a.endDate === 'string' ? a.endDate : isoDate(a.endDate);
      let plan = plans.get(endDate);
      if (!plan) {
        plan = planAgrementReminders({ endDate, offsets, now: o.now, timezone: o.tenant.timezone });
        plans.set(endDate, plan);
      }
      for (const p of plan) {
        kinds.push(`agrement.${p.step}`);
        agrementIds.push(a.id);
        dueAts.push(p.dueAt.toISOString());
      }
    }
    if (kinds.length > 0) out.push({ kinds, agrementIds, dueAts });
  }
  return out;
}

/**
 * Plans the renewal reminders of some agréments of a tenant (the import calls it after inserting
 * them; renewing calls the row-level function inside its own transaction). Agréments that are
 * renewed, expired or ended get nothing. The tenant's offsets come from its settings
 * (`agrementOffsets`, defaults in agrement-calendar.ts).
 */
export async function planRemindersForAgrements(
  deps: AppDeps,
  o: { tenantId: string; agrementIds: string[] },
): Promise<{ agrements: number; reminderIds: string[] }> {
  const now = deps.now();
  const result = await deps.db.$transaction(
    async (tx) => {
      const tenant = await tx.tenant.findUniqueOrThrow({
        where: { id: o.tenantId },
        select: { id: true, timezone: true, settings: true },
      });
      const agrements = await tx.agrement.findMany({
        where: {
          tenantId: o.tenantId,
          id: { in: o.agrementIds },
          status: { in: [...REMINDED_AGREMENT_STATUSES] },
        },
        select: { id: true, endDate: true },
      });
      const reminderIds = await planAgrementReminderRows(tx, { tenant, agrements, now });
      return { agrements: agrements.length, reminderIds };
    },
    { timeout: 120_000 },
  );
  await deps.outbox.remindersPlanned(result.reminderIds);
  return result;
}
