import { DateTime } from 'luxon';
import { DomainError, ValidationErrors } from '../domain/errors';
import { LAUNCH_DEFAULTS } from '../domain/round-schedule';
import type { AppDeps } from './deps';
import { invitedOrganisations } from './invited-organisations';
import { readLaunchSubject } from '../domain/launch-subjects';
import { launchDraftVersion, launchGrid } from './launch-form';
import { isUuid } from './lookup';

/** What a pilot's launch form says, whatever the channel (Slack modal, Teams card). */
export interface LaunchFormEntries {
  draftVersionId: string;
  organisationIds: string[];
  organisationKinds: string[];
  /** `yyyy-mm-dd`, in the Caf's time zone. */
  deadlineDate: string;
  /** `hh:mm`; empty: LAUNCH_DEFAULTS.deadlineTime. */
  deadlineTime: string;
}

/**
 * A launch form checked against the pilot's own Caf: the draft version (or grid) is the Caf's, the
 * organisations its partners (by id or by kind), the deadline read in the Caf's time zone.
 * Every problem at once, as ValidationErrors (fields draftVersionId, organisationIds,
 * organisationKinds, deadline); otherwise the organisations to invite and the deadline.
 */
export async function checkLaunchForm(
  deps: Pick<AppDeps, 'db'>,
  caf: { tenantId: string; timezone: string },
  s: LaunchFormEntries,
) {
  const errors: DomainError[] = [];
  // The subject field names a draft version (a consultation) or a grid (an evaluation).
  const subject = readLaunchSubject(s.draftVersionId);
  const found =
    subject.kind === 'survey'
      ? subject.gridCode && (await launchGrid(deps, caf.tenantId, subject.gridCode))
      : isUuid(subject.draftVersionId) &&
        (await launchDraftVersion(deps, caf.tenantId, subject.draftVersionId));
  if (!found) errors.push(new DomainError('DRAFT_VERSION_REQUIRED', undefined, 'draftVersionId'));
  const { organisations, errors: organisationErrors } = await invitedOrganisations(deps.db, {
    tenantId: caf.tenantId,
    organisationIds: s.organisationIds,
    organisationKinds: s.organisationKinds,
  });
  errors.push(...organisationErrors);
  const deadline = DateTime.fromISO(
    `${s.deadlineDate}T${s.deadlineTime || LAUNCH_DEFAULTS.deadlineTime}`,
    { zone: caf.timezone },
  );
  if (!deadline.isValid)
    errors.push(new DomainError('DEADLINE_INVALID', { form: true }, 'deadline'));
  if (errors.length > 0) throw new ValidationErrors(errors);
  return { subject, organisations, deadline: deadline.toJSDate() };
}
