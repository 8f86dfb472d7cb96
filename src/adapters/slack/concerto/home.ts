import { AGREMENT_KIND_LABELS } from '../../../domain/agrement-messages';
import { DateTime } from 'luxon';
import { organisationProgress } from '../../../app/cast-avis';
import { listOpenRounds, listOpenSurveys } from '../../../app/get-round-status';
import { isDomainError } from '../../../domain/errors';
import { formatDeadline } from '../../../domain/round-schedule';
import { strings } from '../i18n';
import type { SlackHandlers } from '../handlers';
import {
  type HomeAgrement,
  type HomeEvaluation,
  type PartnerHomeRound,
  type PilotHomeRound,
} from '../render';

import { type ConcertoSlackOptions, type SlackMembers } from './shared';

const dateOnly = (d: Date) =>
  DateTime.fromJSDate(d, { zone: 'UTC' }).setLocale('fr').toFormat('d LLLL yyyy');

const homeEvaluation = (s: HomeEvaluation): HomeEvaluation => ({
  roundId: s.roundId,
  title: s.title,
  text: s.text,
  openLabel: s.openLabel,
});

/** The home tab's port: a pilot's open rounds and agréments, a partner's rounds. */
export function homeHandlers(
  o: ConcertoSlackOptions,
  { member, agrementsEnding }: SlackMembers,
): Pick<SlackHandlers, 'home'> {
  const { deps } = o;
  return {
    async home(ctx) {
      const m = await member(ctx).catch((err: unknown) => {
        if (isDomainError(err) && err.code === 'NOT_LINKED') return null;
        throw err;
      });
      if (!m) return { role: 'unlinked' };
      if (m.role === 'pilot') {
        const [rounds, surveys, agrements] = await Promise.all([
          listOpenRounds(deps, m),
          listOpenSurveys(deps, m, 'fr'),
          agrementsEnding(m),
        ]);
        return {
          role: 'pilot',
          evaluations: surveys.map(homeEvaluation),
          rounds: rounds.map((r): PilotHomeRound => ({
            roundId: r.round.id,
            title: strings('fr').openRoundTitle(
              r.header.number,
              r.header.draftTitle,
              r.header.version,
            ),
            deadline: formatDeadline(r.header.deadline, 'fr', r.header.timezone),
            organisationsAnswered: r.tally.complete,
            organisationsInvited: r.tally.invited,
            notAnswered: r.tally.incomplete.map((i) => i.name),
          })),
          agrements: agrements.map((a): HomeAgrement => ({
            structure: a.organisation.name,
            kind: AGREMENT_KIND_LABELS[a.kind].fr,
            endDate: dateOnly(a.endDate),
          })),
        };
      }
      const [rounds, surveys] = await Promise.all([
        listOpenRounds(deps, m),
        listOpenSurveys(deps, m, ctx.locale),
      ]);
      const t = strings(ctx.locale);
      return {
        role: 'partner',
        evaluations: surveys.map(homeEvaluation),
        organisation: m.organisation?.name ?? m.tenant.name,
        rounds: await Promise.all(
          rounds.map(async (r): Promise<PartnerHomeRound> => {
            const p = await organisationProgress(deps.db, r.round, m.organisationId!);
            return {
              roundId: r.round.id,
              title: t.openRoundTitle(r.header.number, r.header.draftTitle, r.header.version),
              deadline: formatDeadline(r.header.deadline, ctx.locale, r.header.timezone),
              enjeuxAnswered: p.answered.length,
              enjeuxTotal: r.round.draftVersion.enjeux.length,
            };
          }),
        ),
      };
    },
  };
}
