import { noticeMessage } from '../../../domain/messages';
import { agrementsEndingMessage, agrementsEndingWithin } from '../../../app/list-agrements-ending';
import { memberActor } from '../../../app/deps';
import { closeRound, closeSummary } from '../../../app/close-round';
import { exportRound } from '../../../app/export-round';
import { listOpenRounds, listOpenSurveys, roundStatusFor } from '../../../app/get-round-status';
import { linkIdentity } from '../../../app/link-identity';
import { reminderSummary, remindRoundNow } from '../../../app/remind-round';
import { DomainError } from '../../../domain/errors';
import { formatDeadline } from '../../../domain/round-schedule';
import { CAF_TEAMS, localeOf, strings } from '../i18n';
import type { TeamsCommand, TeamsReply, TeamsTurn } from '../handlers';
import {
  pilotRound,
  tenantNotRegistered,
  text,
  type ConcertoTeamsOptions,
  type TeamsMembers,
} from './shared';
import type { CardActionHandlers } from './card-actions';
import { chatWords } from '../../../domain/chat-words';

/** Teams refuses messages over about 28 KB: the synthesis is cut before that. */
const MAX_SYNTHESIS_CHARS = 20_000;

/** The bot's commands (the message route), each a use case and its reply. */
export function commandHandlers(
  o: ConcertoTeamsOptions,
  { member, pilot }: TeamsMembers,
  { avisCard, launchForm }: Pick<CardActionHandlers, 'avisCard' | 'launchForm'>,
) {
  const { deps } = o;
  const links = o.exportLinks;
  const commands: Record<
    TeamsCommand['name'],
    (c: TeamsCommand, t: TeamsTurn) => Promise<TeamsReply[]>
  > = {
    async aide(c, turn) {
      const t = strings(localeOf(turn.locale));
      return [text(c.unknown ? `${t.unknownCommand(c.unknown)}\n\n${t.help}` : t.help)];
    },

    async rejoindre(c, turn) {
      const w = chatWords(localeOf(turn.locale));
      const code = c.args[0];
      if (!code) throw new DomainError('INVITE_CODE_MISSING');
      const conv = turn.conversation;
      const linked = await linkIdentity(deps, {
        code,
        platform: 'teams',
        workspaceId: turn.user.tenantId,
        userId: turn.user.aadObjectId,
        displayName: turn.user.name ?? CAF_TEAMS.teamsUser,
        ...(turn.locale ? { locale: turn.locale } : {}),
        ...(o.inviteThrottle ? { throttle: o.inviteThrottle } : {}),
        ...(o.tenants
          ? {
              checkWorkspace: async (cafTenantId, tx) => {
                if (!(await o.tenants!.isAllowedFor(cafTenantId, turn.user.tenantId, tx)))
                  throw tenantNotRegistered();
              },
            }
          : {}),
        destination: {
          address: conv.conversation.id,
          reference: conv,
          label:
            conv.channel?.name ??
            conv.conversation.name ??
            (conv.conversation.conversationType === 'personal'
              ? CAF_TEAMS.personalConversation(turn.user.name)
              : CAF_TEAMS.teamsConversation),
        },
      });
      const where =
        conv.conversation.conversationType === 'personal' ? w.thisConversation : w.thisChannel;
      return [
        text(
          linked.member.role === 'pilot'
            ? w.joinedPilot('teams', linked.member.displayName, linked.tenant.name, where)
            : w.joinedPartner('teams', linked.organisation?.name, linked.tenant.name, where),
        ),
      ];
    },

    async consultations(_c, turn) {
      const locale = localeOf(turn.locale);
      const t = strings(locale);
      const m = await member(turn);
      const [rounds, surveys] = await Promise.all([
        listOpenRounds(deps, m),
        listOpenSurveys(deps, m, locale),
      ]);
      if (rounds.length + surveys.length === 0) return [text(chatWords(locale).noOpenRounds)];
      if (m.role === 'pilot' || !m.organisationId) {
        // Consultations and evaluations (grids) together, newest first.
        const lines = [
          ...rounds.map((r) => ({
            number: r.header.number,
            line: t.openRound({
              number: r.header.number,
              title: r.header.draftTitle,
              version: r.header.version,
              complete: r.tally.complete,
              invited: r.tally.invited,
              deadline: formatDeadline(r.header.deadline, locale, r.header.timezone),
            }),
          })),
          ...surveys.map((s) => ({ number: s.number, line: `${s.title}. ${s.text}` })),
        ].sort((a, b) => b.number - a.number);
        return [
          {
            kind: 'message',
            message: noticeMessage(
              locale,
              chatWords(locale).openRoundsTitle(lines.length),
              lines.map((l) => l.line),
            ),
          },
        ];
      }
      // One card per round (newest first); a handful at most, Teams shows them one under another.
      const cards = await Promise.all(
        rounds.slice(0, 5).map(async (r) => ({
          kind: 'avis-card' as const,
          card: await avisCard(r.round.id, turn),
        })),
      );
      // An evaluation: its line and the button that opens the grid (the invitation's action).
      const evaluations =
        surveys.length === 0
          ? []
          : [
              {
                kind: 'message' as const,
                message: noticeMessage(locale, '', [], {
                  sections: surveys.map((s) => ({ title: s.title, text: s.text })),
                  actions: surveys.slice(0, 5).map((s) => ({
                    type: 'avis.open' as const,
                    label: s.openLabel,
                    roundId: s.roundId,
                    style: 'primary' as const,
                  })),
                }),
              },
            ];
      return [...evaluations, ...cards];
    },

    async lancer(_c, turn) {
      const m = await pilot(turn);
      return [{ kind: 'launch-form', form: await launchForm(m) }];
    },

    async statut(c, turn) {
      return [
        {
          kind: 'message',
          message: await roundStatusFor(deps, await member(turn), c.args[0], 'teams'),
        },
      ];
    },

    async relancer(c, turn) {
      const m = await pilot(turn);
      const ref = await pilotRound(deps, m, c.args[0]);
      const r = await remindRoundNow(deps, {
        tenantId: m.tenantId,
        roundId: ref.id,
        actor: memberActor(m),
      });
      return [text(reminderSummary(ref.number, r).join('\n'))];
    },

    async clore(c, turn) {
      const m = await pilot(turn);
      const ref = await pilotRound(deps, m, c.args[0]);
      const r = await closeRound(deps, {
        tenantId: m.tenantId,
        roundId: ref.id,
        actor: memberActor(m),
      });
      return [text(closeSummary(ref.number, r))];
    },

    async exporter(c, turn) {
      const m = await pilot(turn);
      const ref = await pilotRound(deps, m, c.args[0], true);
      const r = await exportRound(deps, { tenantId: m.tenantId, round: ref.id });
      const synthesis =
        r.markdown.length > MAX_SYNTHESIS_CHARS
          ? `${r.markdown.slice(0, MAX_SYNTHESIS_CHARS)}\n\n${CAF_TEAMS.synthesisTruncated}`
          : r.markdown;
      const replies: TeamsReply[] = [text(synthesis)];
      if (links) {
        replies.push({
          kind: 'message',
          message: noticeMessage(
            'fr',
            chatWords('fr').exportTitle(r.round.number),
            [CAF_TEAMS.exportLinksValid],
            {
              actions: (['xlsx', 'pdf', 'csv', 'md'] as const).map((format) => ({
                type: 'link' as const,
                label: CAF_TEAMS.download[format],
                url: links.url({ tenantId: m.tenantId, roundId: r.round.id, format }),
              })),
            },
          ),
        });
      }
      return replies;
    },

    async agrements(_c, turn) {
      const m = await pilot(turn);
      const rows = await agrementsEndingWithin(deps.db, {
        tenantId: m.tenantId,
        timezone: m.tenant.timezone,
        now: deps.now(),
      });
      return [{ kind: 'message', message: agrementsEndingMessage(rows) }];
    },
  };
  return commands;
}
