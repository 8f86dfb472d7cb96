import { shortDate } from '../../../domain/format';
import { noticeMessage } from '../../../domain/messages';
import { cannotAnswer } from '../../../app/round-view';
import { memberActor } from '../../../app/deps';
import { castAvisAs, organisationProgress } from '../../../app/cast-avis';
import { listRoundFollowups } from '../../../app/list-followups';
import { recordFollowup } from '../../../app/record-followup';
import { assertCanFollowUp, FOLLOWUP_LABELS } from '../../../domain/followup';
import { isUuid, loadRoundContext } from '../../../app/lookup';
import { DomainError, isDomainError, ValidationErrors } from '../../../domain/errors';
import type { AvisChoice } from '../../../domain/types';
import { launchFormChoices } from '../../../app/launch-form';
import { strings } from '../i18n';
import type { SlackHandlers } from '../handlers';
import type { TLaunchInput } from '../parse';
import { followupAvisValue } from '../render';
import { launchRoundFromForm } from '../../../app/launch-round-from-form';
import {
  defaultLaunchDeadlineDate,
  LAUNCH_DEFAULTS,
  reminderScheduleWords,
} from '../../../domain/round-schedule';

import { type ConcertoSlackOptions, type SlackMembers } from './shared';

/** Field names of the use cases → the launch form's (parse.ts LAUNCH_FIELD_BLOCKS). */
const LAUNCH_FIELDS: Record<string, string> = {
  schedule: 'reminders',
  reminderSchedule: 'reminders',
  deadline: 'deadline',
  organisations: 'organisationIds',
  draftVersionId: 'draftVersionId',
};

/** The modals' ports: the avis form and vote, the pilots' launch and follow-up forms. */
export function modalHandlers(
  o: ConcertoSlackOptions,
  { member, pilot, pilotRound, organisationChannel }: SlackMembers,
): Pick<
  SlackHandlers,
  'launchForm' | 'launch' | 'followupForm' | 'recordFollowup' | 'avisForm' | 'castAvis'
> {
  const { deps, log } = o;
  return {
    async launchForm(ctx) {
      const m = await pilot(ctx);
      const { drafts, grids, organisations: orgs } = await launchFormChoices(deps, m.tenantId);
      // Nothing to launch: neither a draft version nor a grid.
      if (drafts.length === 0 && grids.length === 0) throw new DomainError('DRAFT_NONE_IMPORTED');
      return {
        draftVersions: drafts.map((d) => ({
          id: d.id,
          title: d.title,
          version: d.version,
          period: d.schema.period,
        })),
        grids,
        organisations: orgs.map((org) => ({
          id: org.id,
          name: org.name,
          code: org.code,
          kind: org.kind,
        })),
        defaultDeadline: defaultLaunchDeadlineDate(deps.now(), m.tenant.timezone),
        defaultDeadlineTime: LAUNCH_DEFAULTS.deadlineTime,
        defaultReminderDays: [...LAUNCH_DEFAULTS.reminderDaysBefore],
      };
    },

    async launch(ctx) {
      const m = await pilot(ctx);
      const s: TLaunchInput = ctx.input;
      // Everything the form sends is checked against the pilot's own tenant.
      try {
        const launched = await launchRoundFromForm(
          deps,
          m,
          { ...s, reminderSchedule: reminderScheduleWords(s.reminderDaysBefore) },
          'slack',
        );
        log.info({ round: launched.number, kind: launched.kind }, 'Slack : consultation lancée');
        return launched.message;
      } catch (err) {
        if (isDomainError(err) && !(err instanceof ValidationErrors) && err.field) {
          throw err.withField(LAUNCH_FIELDS[err.field] ?? err.field);
        }
        throw err;
      }
    },

    async followupForm(ctx) {
      const m = await pilot(ctx);
      const ref = await pilotRound(m, ctx.args[0], true);
      assertCanFollowUp(ref);
      const f = await listRoundFollowups(deps, { tenantId: m.tenantId, round: ref.id });
      if (f.items.length === 0)
        return {
          message: noticeMessage(ctx.locale, '', [
            strings(ctx.locale).followupNone(f.round.number),
          ]),
        };
      return {
        roundId: f.round.id,
        roundNumber: f.round.number,
        draftTitle: `${f.round.draftTitle} (version ${f.round.version})`,
        items: f.items.map((i) => ({
          value: followupAvisValue(i.enjeu.position, i.organisation.code),
          enjeuPosition: i.enjeu.position,
          organisationCode: i.organisation.code,
          organisationName: i.organisation.name,
          choice: i.choice,
          pending: !i.followup,
        })),
        laterEnjeux: f.laterEnjeux,
      };
    },

    async recordFollowup(ctx) {
      const m = await pilot(ctx);
      // The round of the view's metadata is looked up again within the pilot's Caf.
      const r = await recordFollowup(deps, {
        tenantId: m.tenantId,
        round: ctx.roundId,
        organisationCode: ctx.input.organisationCode,
        enjeu: ctx.input.enjeu,
        response: ctx.input.response,
        justification: ctx.input.justification,
        nextEnjeu: ctx.input.nextEnjeuId,
        actor: memberActor(m),
      });
      return noticeMessage(ctx.locale, '', [
        strings(ctx.locale).followupSaved(
          r.round.number,
          r.enjeu.position,
          r.organisation.name,
          FOLLOWUP_LABELS[r.followup.response][ctx.locale],
        ),
      ]);
    },

    async avisForm(ctx) {
      const m = await member(ctx);
      if (!isUuid(ctx.roundId)) throw new DomainError('ROUND_NOT_FOUND');
      const round = await loadRoundContext(deps.db, m.tenantId, ctx.roundId);
      // Refused in the partner's language by the listeners (errorText), like every refusal.
      const why = cannotAnswer(m, round, deps.now());
      if (why) throw why;
      const progress = await organisationProgress(deps.db, round, m.organisationId!);
      const current: Record<string, { choice: AvisChoice; comment?: string | null }> = {};
      for (const a of progress.answered)
        current[a.enjeuId] = { choice: a.choice, comment: a.comment };
      return {
        draftTitle: `${round.draftVersion.title} (version ${round.draftVersion.version})`,
        enjeux: round.draftVersion.enjeux.map((e) => ({
          id: e.id,
          position: e.position,
          title: e.title,
          body: e.body,
        })),
        current,
      };
    },

    async castAvis(ctx) {
      // The member is resolved in the same round trip as the vote (castAvisAs): the user is
      // the one Slack signed the request for, in the round's Caf.
      const result = await castAvisAs(deps, {
        roundId: ctx.roundId,
        identity: { platform: 'slack', workspaceId: ctx.who.teamId, userId: ctx.who.userId },
        votes: ctx.avis.map((a) => ({ enjeuId: a.enjeuId, choice: a.choice, comment: a.comment })),
        channel: 'slack',
        locale: ctx.locale,
        ...(ctx.requestKey ? { requestKey: ctx.requestKey } : {}),
      });
      if (result.duplicate) return { duplicate: true as const };
      const total = result.round.draftVersion.enjeux.length;
      const done = result.progress.answered.length;
      const channelId =
        result.channels.find((c) => c.platform === 'slack' && c.workspaceId === ctx.who.teamId)
          ?.address ??
        (await organisationChannel(result.tenantId, result.organisationId, ctx.who.teamId));
      const confirmation = noticeMessage(ctx.locale, '', [
        strings(ctx.locale).avisRecorded({
          organisation: result.progress.organisationName,
          saved: result.saved.length,
          round: result.round.number,
          done,
          total,
          until: shortDate(result.round.deadline, ctx.locale, result.round.tenant.timezone),
        }),
      ]);
      return { confirmation, ...(channelId ? { channelId } : {}) };
    },
  };
}
