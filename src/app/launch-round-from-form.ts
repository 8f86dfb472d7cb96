import type { CommandChannel } from '../domain/commands';
import type { NeutralMessage } from '../domain/messages';
import { roundLaunchedMessage } from '../domain/round-messages';
import { checkLaunchForm, type LaunchFormEntries } from './check-launch-form';
import { memberActor, type AppDeps } from './deps';
import { createAndLaunchRound } from './launch-round';
import { createAndLaunchSurvey } from './survey/create-survey';

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
): Promise<{ number: number; kind: 'consultation' | 'survey'; message: NeutralMessage }> {
  const timezone = pilot.tenant.timezone;
  const { subject, organisations, deadline } = await checkLaunchForm(
    deps,
    { tenantId: pilot.tenantId, timezone },
    form,
  );
  const reminders =
    form.reminderSchedule !== undefined ? { reminderSchedule: form.reminderSchedule } : {};
  const resultsVisibility = form.resultsVisibleDuringRound
    ? ('during' as const)
    : ('after' as const);
  if (subject.kind === 'survey') {
    // From a chat form, an evaluation is answered once per organisation (per-person events
    // need printed codes: the console does those); « silence vaut avis favorable » has no
    // meaning for a grid and is ignored (the form's hint says so).
    const { created, launched } = await createAndLaunchSurvey(deps, {
      tenantId: pilot.tenantId,
      gridCode: subject.gridCode,
      answerMode: 'organisation',
      organisations,
      deadline,
      ...reminders,
      resultsVisibility,
      actor: memberActor(pilot),
    });
    return {
      number: created.round.number,
      kind: 'survey',
      message: roundLaunchedMessage({
        kind: 'survey',
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
  const { created, launched } = await createAndLaunchRound(deps, {
    tenantId: pilot.tenantId,
    draftVersionId: subject.draftVersionId,
    organisations,
    deadline,
    ...reminders,
    silenceMeansFavorable: form.silenceVautFavorable,
    resultsVisibility,
    actor: memberActor(pilot),
  });
  return {
    number: created.round.number,
    kind: 'consultation',
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
