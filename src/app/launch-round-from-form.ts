import type { CommandChannel } from '../domain/commands';
import type { NeutralMessage } from '../domain/messages';
import { roundLaunchedMessage } from '../domain/round-messages';
import { checkLaunchForm, type LaunchFormEntries } from './check-launch-form';
import { memberActor, type AppDeps } from './deps';
import { createAndLaunchRound } from './launch-round';

/** A launch form as every channel sends it (Slack modal, Teams card). */
export interface LaunchFormSubmission extends LaunchFormEntries {
  /** The reminders' words (« 7j, 2j, matin »); absent: DEFAULT_ROUND_SCHEDULE. */
  reminderSchedule?: string;
  silenceVautFavorable: boolean;
  resultsVisibleDuringRound: boolean;
}

/**
 * A pilot's launch form, checked (checkLaunchForm), the round created and launched, and the
 * confirmation in the channel's command words. Refusals are DomainErrors (ValidationErrors for
 * the form's fields); the channel places them under its own fields.
 */
export async function launchRoundFromForm(
  deps: AppDeps,
  pilot: { id: string; displayName: string; tenantId: string; tenant: { timezone: string } },
  form: LaunchFormSubmission,
  channel: CommandChannel,
): Promise<{ number: number; message: NeutralMessage }> {
  const timezone = pilot.tenant.timezone;
  const { organisations, deadline } = await checkLaunchForm(
    deps,
    { tenantId: pilot.tenantId, timezone },
    form,
  );
  const { created, launched } = await createAndLaunchRound(deps, {
    tenantId: pilot.tenantId,
    draftVersionId: form.draftVersionId,
    organisations,
    deadline,
    ...(form.reminderSchedule !== undefined ? { reminderSchedule: form.reminderSchedule } : {}),
    silenceMeansFavorable: form.silenceVautFavorable,
    resultsVisibility: form.resultsVisibleDuringRound ? 'during' : 'after',
    actor: memberActor(pilot),
  });
  return {
    number: created.round.number,
    message: roundLaunchedMessage({
      number: created.round.number,
      invited: created.invited,
      deliveries: launched.deliveryIds.length,
      deadline: created.round.deadline,
      timezone,
      pastReminders: launched.pastReminders,
      channel,
    }),
  };
}
