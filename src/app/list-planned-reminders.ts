import { plannedRemindersDueBy } from '../store/repositories/planned-reminders';
import type { AppDeps } from './deps';

/** The tenant's planned reminders (rounds and agréments) due by `until`, soonest first. */
export function listPlannedReminders(
  deps: Pick<AppDeps, 'db'>,
  o: { tenantId: string; until: Date },
) {
  return plannedRemindersDueBy(deps.db, o.tenantId, o.until);
}
