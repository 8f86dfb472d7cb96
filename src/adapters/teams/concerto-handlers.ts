import { commandText } from '../../domain/commands';
import { markdownToPlainText } from '../../domain/markdown-text';
import { roundAccess } from '../../domain/roles';
import type { Application } from 'express';
import { shortDate } from '../../domain/format';
import { noticeMessage } from '../../domain/messages';
import { agrementsEndingMessage, agrementsEndingWithin } from '../../app/list-agrements-ending';
import { assertResultsVisible, whyCannotAnswer } from '../../app/round-view';
import { memberActor } from '../../app/deps';
import { organisationLabel } from '../../domain/organisation';
import { diffWordsWithSpace } from 'diff';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { publicUrl, type TConfig } from '../../config';
import { castAvis, organisationProgress } from '../../app/cast-avis';
import {
  answeredEverything,
  enjeuAnswers,
  roundLaunchedMessage,
  silenceCount,
} from '../../domain/round-messages';
import { closeRound, closeSummary } from '../../app/close-round';
import type { AppDeps } from '../../app/deps';
import { teamsConversationInstalled, teamsConversationRemoved } from '../../app/destinations';
import { launchFormChoices } from '../../app/launch-form';
import {
  availableExportFormats,
  exportFormatAvailable,
  exportRound,
  exportRoundFiles,
  type ExportFormat,
} from '../../app/export-round';
import { organisationReaders } from '../../app/progress-message';
import { listOpenRounds, roundStatusFor } from '../../app/get-round-status';
import { createAndLaunchRound } from '../../app/launch-round';
import { invitedOrganisations } from '../../app/invited-organisations';
import { linkIdentity } from '../../app/link-identity';
import { inviteThrottleOf, type InviteThrottleLimits } from '../../app/invite-throttle';
import { teamsTenantRegistry, type TeamsTenantRegistry } from '../../app/teams-tenants';
import {
  isUuid,
  loadRoundContext,
  pilotCommandRound,
  previousDraftVersionOf,
  type RoundContext,
  type RoundFollower,
} from '../../app/lookup';
import { reminderSummary, remindRoundNow } from '../../app/remind-round';
import { requireMember, requireRole } from '../../app/resolve-member';
import { roundHeader, roundTally } from '../../app/round-view';
import { AVIS_LABELS } from '../../domain/avis';
import { diffDrafts } from '../../domain/draft-diff';
import {
  DomainError,
  errorText,
  fieldErrors,
  isDomainError,
  ValidationErrors,
} from '../../domain/errors';
import { formatDeadline } from '../../domain/round-schedule';
import { AVIS_CHOICES, type AvisChoice, type Locale } from '../../domain/types';
import { mountTeams, type MountedTeams } from './app';
import { teamsUserMri } from './render';
import { localeOf, strings } from './i18n';
import { exportLinkSigner, mountExportLinks, type ExportLinkSigner } from './export-link';
import type {
  AvisCardEnjeu,
  AvisCardModel,
  AvisSubmission,
  LaunchFormModel,
  LaunchSubmission,
  TeamsCommand,
  TeamsConversationReference,
  TeamsHandlers,
  TeamsReply,
  TeamsTurn,
} from './handlers';
import type { TeamsEndpoints } from './sdk';
import { mountTab, type TabAvisAnswer, type TabHandlers } from './tab/router';
import type { TabUser } from './tab/sso';

/**
 * Concerto's implementation of the Teams ports (bot and tab) over the use cases. Identity comes
 * from the turn (signed activity) or the validated SSO token only; the tenant is the linked
 * member's; a card or form can only say which round it is about.
 */

export interface ConcertoTeamsOptions {
  deps: AppDeps;
  log: Logger;
  /** Signs the export download links. Default: from `exportSecret` and `publicUrl`. */
  exportLinks?: ExportLinkSigner;
  /**
   * The Microsoft 365 tenants registered per Caf: a linked member, or a code, of a Caf only
   * works from that Caf's tenants. Default: no check beyond the door's (inbound-auth.ts).
   */
  tenants?: TeamsTenantRegistry;
  /** Invitation codes tried per user and per tenant. Default: DEFAULT_INVITE_THROTTLE. */
  inviteThrottle?: InviteThrottleLimits;
}

/** A Caf's member or code used from a Microsoft 365 tenant not registered for that Caf. */
function tenantNotRegistered(): DomainError {
  return new DomainError('TEAMS_TENANT_NOT_REGISTERED');
}

/** Agréments listed by « agrements »: those ending within this many months. */
/** Teams refuses messages over about 28 KB: the synthesis is cut before that. */
const MAX_SYNTHESIS_CHARS = 20_000;

const text = (t: string): TeamsReply => ({ kind: 'text', text: t });

function identityOf(user: { tenantId: string; aadObjectId: string }) {
  return { platform: 'teams' as const, workspaceId: user.tenantId, userId: user.aadObjectId };
}

/** The round a pilot command is about (lookup.ts: commandRound). */
const pilotRound = (deps: AppDeps, m: RoundFollower, arg: string | undefined, closedToo = false) =>
  pilotCommandRound(deps.db, m, arg, { closedToo, example: commandText('teams', 'statut 3') });

async function loadRound(deps: AppDeps, tenantId: string, roundId: string) {
  if (!isUuid(roundId)) throw new DomainError('ROUND_NOT_FOUND');
  return loadRoundContext(deps.db, tenantId, roundId);
}

/** The latest earlier version of the same schéma (for « what changed »), if any. */
const previousDraft = (deps: AppDeps, round: RoundContext) =>
  previousDraftVersionOf(deps.db, round);

interface EnjeuView {
  id: string;
  position: number;
  title: string;
  text: string;
  change?: 'added' | 'changed' | 'unchanged';
  /** Word diff with the previous version (changed enjeux only). */
  diff?: { value: string; added: boolean; removed: boolean }[];
}

async function enjeuViews(deps: AppDeps, round: RoundContext, withDiff: boolean) {
  const prev = await previousDraft(deps, round);
  const changes = prev ? diffDrafts(prev.enjeux, round.draftVersion.enjeux) : [];
  const byTitle = new Map(
    changes.filter((c) => c.kind !== 'removed').map((c) => [c.title.toLowerCase(), c]),
  );
  const enjeux: EnjeuView[] = round.draftVersion.enjeux.map((e) => {
    const c = byTitle.get(e.title.toLowerCase());
    const view: EnjeuView = {
      id: e.id,
      position: e.position,
      title: e.title,
      text: markdownToPlainText(e.body),
    };
    if (c) view.change = c.kind;
    if (withDiff && c?.kind === 'changed') {
      view.diff = diffWordsWithSpace(c.before, c.after).map((p) => ({
        value: p.value,
        added: Boolean(p.added),
        removed: Boolean(p.removed),
      }));
    }
    return view;
  });
  return {
    enjeux,
    previousVersion: prev?.version ?? null,
    removed: changes.filter((c) => c.kind === 'removed').map((c) => c.title),
  };
}

/** The organisation's current avis and who gave the latest. */
async function currentAvis(
  deps: AppDeps,
  round: RoundContext,
  organisationId: string | null,
  locale: Locale = 'fr',
) {
  if (!organisationId)
    return { current: {}, answeredBy: undefined, answered: 0, latestBy: undefined };
  const progress = await organisationProgress(deps.db, round, organisationId);
  const current: Record<string, { choice: AvisChoice; comment?: string }> = {};
  for (const a of progress.answered)
    current[a.enjeuId] = { choice: a.choice, ...(a.comment ? { comment: a.comment } : {}) };
  const latest = [...progress.answered].sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  const answeredBy = latest
    ? strings(locale).answeredBy({
        by: latest.byName,
        organisation: progress.organisationName,
        at: shortDate(latest.at, locale, round.tenant.timezone),
        done: progress.answered.length,
        total: round.draftVersion.enjeux.length,
      })
    : undefined;
  return {
    current,
    answeredBy,
    answered: progress.answered.length,
    latestBy: latest?.byMemberId ?? undefined,
  };
}

/** Entries of a form that say something (an enjeu left blank is simply not answered). */
function votesOf(answers: { enjeuId: string; choice?: AvisChoice; comment?: string }[]) {
  return answers
    .filter((a) => a.choice || a.comment?.trim())
    .map((a) => ({ enjeuId: a.enjeuId, choice: a.choice ?? null, comment: a.comment ?? null }));
}

export function createConcertoTeamsHandlers(o: ConcertoTeamsOptions): TeamsHandlers {
  const { deps, log } = o;
  const links = o.exportLinks;

  const member = async (turn: TeamsTurn) => {
    const m = await requireMember(deps, identityOf(turn.user));
    if (o.tenants && !(await o.tenants.isAllowedFor(m.tenantId, turn.user.tenantId)))
      throw tenantNotRegistered();
    return m;
  };
  const pilot = async (turn: TeamsTurn) => {
    const m = await member(turn);
    requireRole(m, 'pilot');
    return m;
  };

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
      ...(recorded ? { notice: strings(locale).avisRecorded } : {}),
      ...(answeredBy ? { answeredBy } : {}),
      // Refreshes by itself for the organisation's members, in a channel of any size.
      ...(readers.length > 0 ? { refreshUserIds: readers.map((r) => teamsUserMri(r.userId)) } : {}),
    };
  }

  async function launchForm(tenantId: string): Promise<LaunchFormModel> {
    const { drafts, organisations: orgs } = await launchFormChoices(deps, tenantId);
    const inAWeek = DateTime.fromJSDate(deps.now()).plus({ days: 14 }).toISODate()!;
    return {
      drafts: drafts.map((d) => ({
        id: d.id,
        label: `${d.title} — version ${d.version} (${d.schema.period})`,
      })),
      organisations: orgs.map((org) => ({
        id: org.id,
        label: organisationLabel(org),
        kind: org.kind,
      })),
      values: {
        ...(drafts[0] ? { draftVersionId: drafts[0].id } : {}),
        deadlineDate: inAWeek,
        deadlineTime: '18:00',
      },
    };
  }

  const commands: Record<
    TeamsCommand['name'],
    (c: TeamsCommand, t: TeamsTurn) => Promise<TeamsReply[]>
  > = {
    async aide(c, turn) {
      const t = strings(localeOf(turn.locale));
      return [text(c.unknown ? `${t.unknownCommand(c.unknown)}\n\n${t.help}` : t.help)];
    },

    async rejoindre(c, turn) {
      const t = strings(localeOf(turn.locale));
      const code = c.args[0];
      if (!code) throw new DomainError('INVITE_CODE_MISSING');
      const conv = turn.conversation;
      const linked = await linkIdentity(deps, {
        code,
        platform: 'teams',
        workspaceId: turn.user.tenantId,
        userId: turn.user.aadObjectId,
        displayName: turn.user.name ?? 'Utilisateur Teams',
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
              ? `Conversation personnelle de ${turn.user.name ?? 'un utilisateur'}`
              : 'Conversation Teams'),
        },
      });
      const where =
        conv.conversation.conversationType === 'personal' ? t.thisConversation : t.thisChannel;
      return [
        text(
          linked.member.role === 'pilot'
            ? t.joinedPilot(linked.member.displayName, linked.tenant.name, where)
            : t.joinedPartner(linked.organisation?.name, linked.tenant.name, where),
        ),
      ];
    },

    async consultations(_c, turn) {
      const locale = localeOf(turn.locale);
      const t = strings(locale);
      const m = await member(turn);
      const rounds = await listOpenRounds(deps, m);
      if (rounds.length === 0) return [text(t.noOpenRounds)];
      if (m.role === 'pilot' || !m.organisationId) {
        return [
          {
            kind: 'message',
            message: noticeMessage(
              locale,
              t.openRoundsTitle(rounds.length),
              rounds.map((r) =>
                t.openRound({
                  number: r.header.number,
                  title: r.header.draftTitle,
                  version: r.header.version,
                  complete: r.tally.complete,
                  invited: r.tally.invited,
                  deadline: formatDeadline(r.header.deadline, locale, r.header.timezone),
                }),
              ),
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
      return cards;
    },

    async lancer(_c, turn) {
      const m = await pilot(turn);
      return [{ kind: 'launch-form', form: await launchForm(m.tenantId) }];
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
          ? `${r.markdown.slice(0, MAX_SYNTHESIS_CHARS)}\n\n[… synthèse tronquée : téléchargez le fichier Markdown complet]`
          : r.markdown;
      const replies: TeamsReply[] = [text(synthesis)];
      if (links) {
        replies.push({
          kind: 'message',
          message: noticeMessage(
            'fr',
            `Export de la consultation n° ${r.round.number}`,
            ['Liens valables 24 heures.'],
            {
              actions: [
                {
                  type: 'link',
                  label: 'Télécharger le classeur (Excel)',
                  url: links.url({ tenantId: m.tenantId, roundId: r.round.id, format: 'xlsx' }),
                },
                ...(exportFormatAvailable('pdf')
                  ? [
                      {
                        type: 'link' as const,
                        label: 'Télécharger la synthèse (PDF)',
                        url: links.url({
                          tenantId: m.tenantId,
                          roundId: r.round.id,
                          format: 'pdf',
                        }),
                      },
                    ]
                  : []),
                {
                  type: 'link',
                  label: 'Télécharger le CSV',
                  url: links.url({ tenantId: m.tenantId, roundId: r.round.id, format: 'csv' }),
                },
                {
                  type: 'link',
                  label: 'Télécharger la synthèse (Markdown)',
                  url: links.url({ tenantId: m.tenantId, roundId: r.round.id, format: 'md' }),
                },
              ],
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
    return { ...card, notice: strings(card.locale).avisRecorded };
  }

  return {
    // Refusals are coded DomainErrors: app.ts words them in the turn's language with errorText
    // (the catalogue's words, the same as Slack's and the tab's).
    onCommand: (command, turn) => commands[command.name](command, turn),

    onAvisCard: (roundId, turn, how) => avisCard(roundId, turn, how),

    onAvisSubmit: (submission, turn) => avisSubmit(submission, turn),

    async onLaunchSubmit(s: LaunchSubmission, turn) {
      const m = await pilot(turn);
      const form = await launchForm(m.tenantId);
      const refuse = (errors: { field?: string; message: string }[]): TeamsReply => ({
        kind: 'launch-form',
        form: { ...form, values: s, errors },
      });
      // The launch card is French (pilots'), its field errors too: the catalogue's words.
      const errors: DomainError[] = [];
      if (!form.drafts.some((d) => d.id === s.draftVersionId))
        errors.push(new DomainError('DRAFT_VERSION_REQUIRED', undefined, 'draftVersionId'));
      const { organisations, errors: organisationErrors } = await invitedOrganisations(deps.db, {
        tenantId: m.tenantId,
        organisationIds: s.organisationIds,
        organisationKinds: s.organisationKinds,
      });
      errors.push(...organisationErrors);
      const deadline = DateTime.fromISO(`${s.deadlineDate}T${s.deadlineTime || '18:00'}`, {
        zone: m.tenant.timezone,
      });
      if (!deadline.isValid)
        errors.push(new DomainError('DEADLINE_INVALID', { form: true }, 'deadlineDate'));
      if (errors.length > 0) return refuse(fieldErrors(new ValidationErrors(errors), 'fr'));
      try {
        const { created, launched } = await createAndLaunchRound(deps, {
          tenantId: m.tenantId,
          draftVersionId: s.draftVersionId,
          organisations,
          deadline: deadline.toJSDate(),
          silenceMeansFavorable: s.silenceVautFavorable,
          resultsVisibility: s.resultsVisibleDuringRound ? 'during' : 'after',
          actor: memberActor(m),
        });
        log.info({ round: created.round.number }, 'Teams : consultation lancée');
        return {
          kind: 'message',
          message: roundLaunchedMessage({
            number: created.round.number,
            invited: created.invited,
            deliveries: launched.deliveryIds.length,
            deadline: created.round.deadline,
            timezone: m.tenant.timezone,
            pastReminders: launched.pastReminders,
            channel: 'teams',
          }),
        };
      } catch (err) {
        if (!isDomainError(err)) throw err;
        const list = fieldErrors(
          err instanceof ValidationErrors || err.field !== 'deadline'
            ? err
            : err.withField('deadlineDate'),
          'fr',
        );
        return refuse(
          list.map((e) => ({ ...(e.field ? { field: e.field } : {}), message: e.message })),
        );
      }
    },

    async onInstalled(reference: TeamsConversationReference, turn) {
      await teamsConversationInstalled(deps, {
        workspaceId: turn.user.tenantId,
        address: reference.conversation.id,
        reference: reference as unknown as object,
        pilot: async () => {
          const m = await member(turn).catch(() => null);
          if (!m || m.role !== 'pilot') return null;
          return {
            tenantId: m.tenantId,
            label: reference.conversation.name ?? `Pilotes (${m.displayName})`,
          };
        },
      });
    },

    async onUninstalled(reference: TeamsConversationReference, turn) {
      await teamsConversationRemoved(deps, {
        workspaceId: turn.user.tenantId,
        address: reference.conversation.id,
      });
    },
  };
}

const TAB_EXPORT_LABELS: Record<ExportFormat, string> = {
  xlsx: 'Classeur Excel (XLSX)',
  pdf: 'Synthèse PDF',
  csv: 'Tableau des avis (CSV)',
  md: 'Synthèse Markdown',
};

export function createConcertoTabHandlers(o: ConcertoTeamsOptions): TabHandlers {
  const { deps } = o;
  const member = async (user: TabUser) => {
    const m = await requireMember(deps, identityOf(user));
    if (o.tenants && !(await o.tenants.isAllowedFor(m.tenantId, user.tenantId)))
      throw tenantNotRegistered();
    return m;
  };

  async function roundView(user: TabUser, roundId: string) {
    const m = await member(user);
    const round = await loadRound(deps, m.tenantId, roundId);
    const access = roundAccess(m, round);
    const invited = access.invited;
    if (!access.steer && !invited) throw new DomainError('AVIS_NOT_INVITED');
    const { enjeux, previousVersion, removed } = await enjeuViews(deps, round, true);
    const { current, answeredBy } = await currentAvis(
      deps,
      round,
      invited ? m.organisationId : null,
    );
    const why = invited
      ? whyCannotAnswer(m, round, deps.now())
      : (whyCannotAnswer(m, round, deps.now()) ??
        errorText(new DomainError('AVIS_NOT_INVITED'), 'fr'));
    return {
      id: round.id,
      number: round.number,
      title: round.draftVersion.title,
      version: round.draftVersion.version,
      period: round.draftVersion.schema.period,
      status: round.status,
      deadline: round.deadline.toISOString(),
      deadlineText: formatDeadline(round.deadline, 'fr', round.tenant.timezone),
      previousVersion,
      removed,
      enjeux,
      avis: current,
      answeredBy: answeredBy ?? null,
      canAnswer: !why,
      readOnlyReason: why ?? null,
      resultsAvailable: access.seeResults,
    };
  }

  return {
    async me(user) {
      const m = await member(user);
      const rounds = await listOpenRounds(deps, m);
      return {
        name: m.displayName || user.name || '',
        role: m.role,
        organisation:
          m.organisation?.name ?? (m.role === 'pilot' ? `Pilote — ${m.tenant.name}` : null),
        tenant: m.tenant.name,
        rounds: rounds.map((r) => ({
          id: r.round.id,
          number: r.header.number,
          title: r.header.draftTitle,
          version: r.header.version,
          deadlineText: formatDeadline(r.header.deadline, 'fr', r.header.timezone),
        })),
      };
    },

    round: roundView,

    async submitAvis(user, roundId, answers: TabAvisAnswer[]) {
      const m = await member(user);
      if (!isUuid(roundId)) throw new DomainError('ROUND_NOT_FOUND');
      await castAvis(deps, {
        tenantId: m.tenantId,
        roundId,
        memberId: m.id,
        votes: votesOf(answers),
        channel: 'tab',
      });
      return roundView(user, roundId);
    },

    async results(user, roundId) {
      const m = await member(user);
      const round = await loadRound(deps, m.tenantId, roundId);
      // The same rule as Slack's « statut » and the results messages (domain/roles.ts).
      const access = roundAccess(m, round);
      assertResultsVisible(m, round);
      const tally = await roundTally(deps.db, round);
      const header = roundHeader(round);
      return {
        id: round.id,
        number: header.number,
        title: header.draftTitle,
        version: header.version,
        status: round.status,
        invited: tally.invited,
        complete: tally.complete,
        bySilence: tally.bySilence.length,
        // The words of every channel (domain/round-messages.ts): silence is not an answer.
        summary: answeredEverything(tally.complete, tally.invited, 'fr', silenceCount(tally)),
        enjeux: tally.enjeux.map((e) => ({
          id: e.enjeuId,
          position: e.position,
          title: e.title,
          answered: e.answered,
          invited: e.invited,
          implicit: e.implicit,
          participation: enjeuAnswers(e, 'fr'),
          counts: AVIS_CHOICES.map((c) => ({
            choice: c,
            label: AVIS_LABELS[c].fr,
            count: e.counts[c],
          })),
          // Partners see the counts; who did not answer is for the Caf.
          missing: access.seeWhoIsMissing ? e.missing.map((x) => x.name) : [],
          bySilence: access.seeWhoIsMissing ? e.bySilence.map((x) => x.name) : [],
        })),
        // Pilots download the results (the tab fetches them with its token).
        exports: access.steer
          ? availableExportFormats().map((format) => ({ format, label: TAB_EXPORT_LABELS[format] }))
          : [],
      };
    },

    async exportFile(user, roundId, format) {
      const m = await member(user);
      const round = await loadRound(deps, m.tenantId, roundId);
      // Exports are the Caf's (domain/roles.ts: a pilot steers the round).
      if (!roundAccess(m, round).steer) throw new DomainError('FORBIDDEN', { pilotsOnly: true });
      const { files } = await exportRoundFiles(deps, {
        tenantId: m.tenantId,
        round: round.id,
        formats: [format],
      });
      return files[0]!;
    },
  };
}

export interface MountTeamsForConcertoOptions {
  config: TConfig;
  deps: AppDeps;
  log: Logger;
  /** Endpoint overrides (tests, sovereign clouds). Default: Microsoft's public cloud. */
  endpoints?: TeamsEndpoints;
  /** Signing keys of the tab's SSO tokens (tests). Default: Entra's multi-tenant JWKS. */
  tabJwksUri?: string;
}

export interface MountedConcertoTeams extends MountedTeams {
  /** The tab and its API are mounted (they need TEAMS_CLIENT_ID for SSO). */
  tab: boolean;
}

/**
 * Mounts everything Teams on the web process's Express app: the bot at /api/messages, the tab
 * and its API at /tab (when TEAMS_CLIENT_ID is set), and the signed export downloads. Resolves
 * to undefined (after one log line) when Teams is not configured. The returned `app` is the SDK
 * app: pass it to `new TeamsNotifier({ config, log, app })` in the same process.
 */
export async function mountTeamsForConcerto(
  expressApp: Application,
  o: MountTeamsForConcertoOptions,
): Promise<MountedConcertoTeams | undefined> {
  const base = publicUrl(o.config);
  const exportLinks = exportLinkSigner({
    ...(o.config.TEAMS_CLIENT_SECRET ? { secret: o.config.TEAMS_CLIENT_SECRET } : {}),
    publicUrl: base,
  });
  const tenants = teamsTenantRegistry(o.deps.db, o.config.TEAMS_TENANT_ID);
  const opts: ConcertoTeamsOptions = {
    deps: { ...o.deps, publicUrl: o.deps.publicUrl ?? base },
    log: o.log,
    exportLinks,
    // Local mode (Agents Playground) has no Microsoft 365 tenant to check.
    ...(o.config.TEAMS_LOCAL_MODE ? {} : { tenants }),
    inviteThrottle: inviteThrottleOf(o.config),
  };
  const mounted = await mountTeams(expressApp, {
    config: o.config,
    log: o.log,
    handlers: createConcertoTeamsHandlers(opts),
    tenantKnown: (tid) => tenants.isKnown(tid),
    ...(o.endpoints ? { endpoints: o.endpoints } : {}),
  });
  if (!mounted) return undefined;
  mountExportLinks(expressApp, { deps: opts.deps, signer: exportLinks, log: o.log });
  const tab = mountTab(expressApp, {
    config: o.config,
    log: o.log,
    handlers: createConcertoTabHandlers(opts),
    ...(o.tabJwksUri ? { jwksUri: o.tabJwksUri } : {}),
    tenantKnown: (tid) => tenants.isKnown(tid),
  });
  return { ...mounted, tab };
}
