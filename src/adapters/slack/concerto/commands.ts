import { noticeMessage } from '../../../domain/messages';
import { agrementsEndingMessage } from '../../../app/list-agrements-ending';
import { memberActor } from '../../../app/deps';
import { organisationProgress } from '../../../app/cast-avis';
import { closeRound, closeSummary } from '../../../app/close-round';
import { exportRoundFiles } from '../../../app/export-round';
import { listOpenRounds, listOpenSurveys, roundStatusFor } from '../../../app/get-round-status';
import { linkIdentity } from '../../../app/link-identity';
import { reminderSummary, remindRoundNow } from '../../../app/remind-round';
import { formatDeadline } from '../../../domain/round-schedule';
import { CAF_SLACK, strings } from '../i18n';
import type { SlackHandlers } from '../handlers';
import { chatWords } from '../../../domain/chat-words';

import { type ConcertoSlackOptions, type SlackMembers } from './shared';

/** A Slack message holds 25 buttons in an actions block: more open rounds are listed without one. */
const MAX_ROUND_BUTTONS = 25;

/** The slash command's ports: joining, the open rounds, the pilots' commands. */
export function commandHandlers(
  o: ConcertoSlackOptions,
  { member, pilot, pilotRound, agrementsEnding }: SlackMembers,
): Pick<
  SlackHandlers,
  'join' | 'listRounds' | 'status' | 'remind' | 'close' | 'export' | 'agrements'
> {
  const { deps, log } = o;
  return {
    async join(ctx) {
      const linked = await linkIdentity(deps, {
        code: ctx.code,
        platform: 'slack',
        workspaceId: ctx.who.teamId,
        userId: ctx.who.userId,
        displayName: ctx.displayName ?? ctx.who.userId,
        locale: ctx.locale,
        ...(o.inviteThrottle ? { throttle: o.inviteThrottle } : {}),
        destination: {
          address: ctx.channelId,
          label: ctx.channelName ? `#${ctx.channelName}` : ctx.channelId,
        },
      });
      log.info(
        { tenant: linked.tenant.code, role: linked.member.role },
        'Slack : compte et canal reliés',
      );
      const w = chatWords(ctx.locale);
      return noticeMessage(ctx.locale, '', [
        linked.member.role === 'pilot'
          ? w.joinedPilot('slack', linked.member.displayName, linked.tenant.name, w.thisChannel)
          : w.joinedPartner('slack', linked.organisation?.name, linked.tenant.name, w.thisChannel),
      ]);
    },

    async listRounds(ctx) {
      const m = await member(ctx);
      const [rounds, surveys] = await Promise.all([
        listOpenRounds(deps, m),
        listOpenSurveys(deps, m, ctx.locale),
      ]);
      const t = strings(ctx.locale);
      const w = chatWords(ctx.locale);
      if (rounds.length + surveys.length === 0)
        return noticeMessage(ctx.locale, '', [w.noOpenRounds]);
      const answering = m.role !== 'pilot' && !!m.organisationId;
      const consultations = await Promise.all(
        rounds.map(async (r) => {
          const deadline = formatDeadline(r.header.deadline, ctx.locale, r.header.timezone);
          let line: string;
          if (answering) {
            const p = await organisationProgress(deps.db, r.round, m.organisationId!);
            const total = r.round.draftVersion.enjeux.length;
            line = t.openRoundAnswered(deadline, p.answered.length, total);
          } else {
            line = t.openRoundTally(deadline, r.tally.complete, r.tally.invited);
          }
          return {
            number: r.header.number,
            section: {
              title: t.openRoundTitle(r.header.number, r.header.draftTitle, r.header.version),
              text: line,
            },
            action: {
              type: 'avis.open' as const,
              label: rounds.length > 1 ? t.giveAvisNumbered(r.header.number) : t.giveAvis,
              roundId: r.round.id,
              style: 'primary' as const,
            },
          };
        }),
      );
      // Evaluations (grids) beside them, by number: the button opens the grid.
      const all = [
        ...consultations,
        ...surveys.map((s) => ({
          number: s.number,
          section: { title: s.title, text: s.text },
          action: {
            type: 'avis.open' as const,
            label: s.openLabel,
            roundId: s.roundId,
            style: 'primary' as const,
          },
        })),
      ].sort((a, b) => b.number - a.number);
      return noticeMessage(ctx.locale, w.openRoundsTitle(all.length), [], {
        sections: all.map((r) => r.section),
        actions: answering ? all.slice(0, MAX_ROUND_BUTTONS).map((r) => r.action) : [],
      });
    },

    async status(ctx) {
      // Partners see the results of their rounds once closed, or during the round when the
      // pilot chose so; pilots see everything.
      return roundStatusFor(deps, await member(ctx), ctx.args[0], 'slack');
    },

    async remind(ctx) {
      const m = await pilot(ctx);
      const ref = await pilotRound(m, ctx.args[0]);
      const r = await remindRoundNow(deps, {
        tenantId: m.tenantId,
        roundId: ref.id,
        actor: memberActor(m),
      });
      return noticeMessage(ctx.locale, '', reminderSummary(ref.number, r));
    },

    async close(ctx) {
      const m = await pilot(ctx);
      const ref = await pilotRound(m, ctx.args[0]);
      const r = await closeRound(deps, {
        tenantId: m.tenantId,
        roundId: ref.id,
        actor: memberActor(m),
      });
      return noticeMessage(ctx.locale, '', [closeSummary(ref.number, r)]);
    },

    async export(ctx) {
      const m = await pilot(ctx);
      const ref = await pilotRound(m, ctx.args[0], true);
      // The workbook, the PDF, the CSV and the synthesis: one report.
      const formats = ['xlsx', 'pdf', 'csv', 'md'] as const;
      const { report, files } = await exportRoundFiles(deps, {
        tenantId: m.tenantId,
        round: ref.id,
        formats,
      });
      const n = report.round.number;
      const named = CAF_SLACK.exportFiles;
      return {
        message: noticeMessage(ctx.locale, '', [
          CAF_SLACK.exportPosted(
            n,
            files.map((f) => named[f.format].said),
          ),
        ]),
        files: files.map((f) => ({
          filename: `consultation-${n}${named[f.format].suffix}`,
          title: named[f.format].title(n),
          content: f.body,
        })),
      };
    },

    async agrements(ctx) {
      const m = await pilot(ctx);
      return agrementsEndingMessage(await agrementsEnding(m));
    },
  };
}
