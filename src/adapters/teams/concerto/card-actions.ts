import { whyCannotAnswer } from '../../../app/round-view';
import { organisationLabel } from '../../../domain/organisation';
import { castAvis } from '../../../app/cast-avis';
import { launchFormChoices } from '../../../app/launch-form';
import { organisationReaders } from '../../../app/progress-message';
import { isUuid } from '../../../app/lookup';
import { DomainError, fieldErrors, isDomainError, ValidationErrors } from '../../../domain/errors';
import { formatDeadline } from '../../../domain/round-schedule';
import { teamsUserMri } from '../render';
import { localeOf } from '../i18n';
import type {
  AvisCardEnjeu,
  AvisCardModel,
  AvisSubmission,
  LaunchFormModel,
  LaunchSubmission,
  TeamsReply,
  TeamsTurn,
} from '../handlers';
import {
  currentAvis,
  enjeuViews,
  loadRound,
  votesOf,
  type ConcertoTeamsOptions,
  type TeamsMembers,
} from './shared';
import { chatWords } from '../../../domain/chat-words';
import { launchRoundFromForm } from '../../../app/launch-round-from-form';
import { defaultLaunchDeadlineDate, LAUNCH_DEFAULTS } from '../../../domain/round-schedule';

/**
 * What the card actions (Action.Execute) reach: the avis card (open, refresh), the vote, the
 * pilot's launch form and its submission.
 */
export function cardActionHandlers(o: ConcertoTeamsOptions, { member, pilot }: TeamsMembers) {
  const { deps, log } = o;

  async function avisCard(
    roundId: string,
    turn: TeamsTurn,
    how: { refresh?: boolean } = {},
  ): Promise<AvisCardModel> {
    const locale = localeOf(turn.locale);
    const m = await member(turn);
    const round = await loadRound(deps, m.tenantId, roundId);
    if (m.organisationId && !round.invitations.some((i) => i.organisationId === m.organisationId))
      throw new DomainError('AVIS_NOT_INVITED');
    const { enjeux } = await enjeuViews(deps, round, false);
    const [{ current, answeredBy, latestBy }, readers] = await Promise.all([
      currentAvis(deps, round, m.organisationId, locale),
      m.organisationId ? organisationReaders(deps.db, m.tenantId, m.organisationId) : [],
    ]);
    const why = whyCannotAnswer(m, round, deps.now(), locale);
    // Refreshed in place (the invitation was updated after a vote): the member who gave the
    // organisation's latest avis keeps reading its confirmation.
    const recorded = how.refresh && !why && latestBy === m.id;
    return {
      locale,
      roundId: round.id,
      draftTitle: round.draftVersion.title,
      version: round.draftVersion.version,
      deadlineText: formatDeadline(round.deadline, locale, round.tenant.timezone),
      enjeux: enjeux.map((e): AvisCardEnjeu => ({
        id: e.id,
        title: e.title,
        text: e.text,
        ...(e.change ? { change: e.change } : {}),
      })),
      current,
      ...(why ? { readOnly: true, notice: why } : {}),
      ...(recorded ? { notice: chatWords(locale).avisRecorded } : {}),
      ...(answeredBy ? { answeredBy } : {}),
      // Refreshes by itself for the organisation's members, in a channel of any size.
      ...(readers.length > 0 ? { refreshUserIds: readers.map((r) => teamsUserMri(r.userId)) } : {}),
    };
  }

  async function launchForm(m: {
    tenantId: string;
    tenant: { timezone: string };
  }): Promise<LaunchFormModel> {
    const {
      subjects,
      subjectHint,
      organisations: orgs,
    } = await launchFormChoices(deps, m.tenantId);
    return {
      subjects,
      ...(subjectHint ? { subjectHint } : {}),
      organisations: orgs.map((org) => ({
        id: org.id,
        label: organisationLabel(org),
        kind: org.kind,
      })),
      values: {
        ...(subjects[0] ? { draftVersionId: subjects[0].value } : {}),
        deadlineDate: defaultLaunchDeadlineDate(deps.now(), m.tenant.timezone),
        deadlineTime: LAUNCH_DEFAULTS.deadlineTime,
      },
    };
  }

  async function avisSubmit(submission: AvisSubmission, turn: TeamsTurn) {
    const m = await member(turn);
    await castAvis(deps, {
      tenantId: m.tenantId,
      roundId: isUuid(submission.roundId)
        ? submission.roundId
        : '00000000-0000-0000-0000-000000000000',
      memberId: m.id,
      votes: votesOf(submission.answers),
      channel: 'teams',
      member: m,
      locale: localeOf(turn.locale),
    });
    const card = await avisCard(submission.roundId, turn);
    return { ...card, notice: chatWords(card.locale).avisRecorded };
  }

  async function launchSubmit(s: LaunchSubmission, turn: TeamsTurn): Promise<TeamsReply> {
    const m = await pilot(turn);
    const form = await launchForm(m);
    const refuse = (errors: { field?: string; message: string }[]): TeamsReply => ({
      kind: 'launch-form',
      form: { ...form, values: s, errors },
    });
    // The launch card is French (pilots'), its field errors too: the catalogue's words.
    try {
      const launched = await launchRoundFromForm(deps, m, s, 'teams');
      log.info({ round: launched.number, kind: launched.kind }, 'Teams : consultation lancée');
      return { kind: 'message', message: launched.message };
    } catch (err) {
      if (!isDomainError(err)) throw err;
      // The card's deadline field is deadlineDate, the form's refusals in French (pilots').
      const ON_CARD: Record<string, string> = {
        deadline: 'deadlineDate',
        schedule: 'reminderSchedule',
        reminders: 'reminderSchedule',
      };
      const onCard = (e: DomainError) => {
        const field = e.field ? ON_CARD[e.field] : undefined;
        return field ? e.withField(field) : e;
      };
      const list = fieldErrors(
        err instanceof ValidationErrors
          ? new ValidationErrors(err.issues.map(onCard))
          : onCard(err),
        'fr',
      );
      return refuse(
        list.map((e) => ({ ...(e.field ? { field: e.field } : {}), message: e.message })),
      );
    }
  }

  return { avisCard, launchForm, avisSubmit, launchSubmit };
}
export type CardActionHandlers = ReturnType<typeof cardActionHandlers>;
