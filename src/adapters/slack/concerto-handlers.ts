import { commandText } from '../../domain/commands';
import type { Application } from 'express';
import { shortDate } from '../../domain/format';
import { AGREMENT_KIND_LABELS } from '../../domain/agrement-messages';
import { noticeMessage } from '../../domain/messages';
import { agrementsEndingMessage, agrementsEndingWithin } from '../../app/list-agrements-ending';
import { cannotAnswer } from '../../app/round-view';
import { memberActor } from '../../app/deps';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import { castAvisAs, organisationProgress } from '../../app/cast-avis';
import { closeRound, closeSummary } from '../../app/close-round';
import type { AppDeps } from '../../app/deps';
import { exportRoundFiles } from '../../app/export-round';
import { listRoundFollowups } from '../../app/list-followups';
import { recordFollowup } from '../../app/record-followup';
import { assertCanFollowUp, FOLLOWUP_LABELS } from '../../domain/followup';
import { listOpenRounds, roundStatusFor } from '../../app/get-round-status';
import { linkIdentity } from '../../app/link-identity';
import { inviteThrottleOf, type InviteThrottleLimits } from '../../app/invite-throttle';
import { isUuid, loadRoundContext, pilotCommandRound } from '../../app/lookup';
import { reminderSummary, remindRoundNow } from '../../app/remind-round';
import { requireMember, requireRole, type ResolvedMember } from '../../app/resolve-member';
import { DomainError, hasCode, isDomainError, ValidationErrors } from '../../domain/errors';
import { formatDeadline } from '../../domain/round-schedule';
import type { AvisChoice } from '../../domain/types';
import { slackInstallationStore } from '../../app/slack-installations';
import { organisationSlackChannel } from '../../app/destinations';
import { launchFormChoices } from '../../app/launch-form';
import { mountSlack, type SlackApp } from './app';
import { RedisDedupStore } from './dedup';
import { CAF_SLACK, strings } from './i18n';
import type { SlackCommandContext, SlackHandlers, SlackRequestContext } from './handlers';
import type { TLaunchInput } from './parse';
import {
  followupAvisValue,
  type HomeAgrement,
  type PartnerHomeRound,
  type PilotHomeRound,
} from './render';
import { chatWords } from '../../domain/chat-words';
import { launchRoundFromForm } from '../../app/launch-round-from-form';
import {
  defaultLaunchDeadlineDate,
  LAUNCH_DEFAULTS,
  reminderScheduleWords,
} from '../../domain/round-schedule';

/**
 * Concerto's implementation of the Slack port over the use cases. Who is speaking comes from the
 * signed payload's team and user only (`ctx.who`); the tenant is the linked member's; a button or
 * a modal can only say which round it is about, never which organisation.
 */

export interface ConcertoSlackOptions {
  deps: AppDeps;
  log: Logger;
  /** Invitation codes tried per user and per workspace. Default: DEFAULT_INVITE_THROTTLE. */
  inviteThrottle?: InviteThrottleLimits;
}

/** A Slack message holds 25 buttons in an actions block: more open rounds are listed without one. */
const MAX_ROUND_BUTTONS = 25;

/**
 * A refusal with Slack's own command words: NOT_LINKED names `/concerto rejoindre <code>`. The
 * words themselves are the catalogue's (src/domain/catalogue), rendered in the user's locale by
 * the listeners (listeners/) with errorText.
 */
function inSlackWords(err: unknown): unknown {
  if (hasCode(err, 'NOT_LINKED') && !err.params?.channel)
    return new DomainError('NOT_LINKED', { channel: 'slack' });
  return err;
}

/** Field names of the use cases → the launch form's (parse.ts LAUNCH_FIELD_BLOCKS). */
const LAUNCH_FIELDS: Record<string, string> = {
  schedule: 'reminders',
  reminderSchedule: 'reminders',
  deadline: 'deadline',
  organisations: 'organisationIds',
  draftVersionId: 'draftVersionId',
};

export function createConcertoSlackHandlers(o: ConcertoSlackOptions): SlackHandlers {
  const { deps, log } = o;

  const member = (ctx: SlackRequestContext) =>
    requireMember(deps, {
      platform: 'slack',
      workspaceId: ctx.who.teamId,
      userId: ctx.who.userId,
    });
  const pilot = async (ctx: SlackRequestContext) => {
    const m = await member(ctx);
    requireRole(m, 'pilot');
    return m;
  };

  /** The round a pilot command is about (lookup.ts: commandRound). */
  const pilotRound = (m: ResolvedMember, arg: string | undefined, closedToo = false) =>
    pilotCommandRound(deps.db, m, arg, { closedToo, example: commandText('slack', 'statut 3') });

  /** The organisation's Slack channel in this workspace (where its confirmations are shown). */
  const organisationChannel = (tenantId: string, organisationId: string, teamId: string) =>
    organisationSlackChannel(deps, { tenantId, organisationId, workspaceId: teamId });

  const agrementsEnding = (m: ResolvedMember) =>
    agrementsEndingWithin(deps.db, {
      tenantId: m.tenantId,
      timezone: m.tenant.timezone,
      now: deps.now(),
    });

  const dateOnly = (d: Date) =>
    DateTime.fromJSDate(d, { zone: 'UTC' }).setLocale('fr').toFormat('d LLLL yyyy');

  const handlers: SlackHandlers = {
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
      const rounds = await listOpenRounds(deps, m);
      const t = strings(ctx.locale);
      const w = chatWords(ctx.locale);
      if (rounds.length === 0) return noticeMessage(ctx.locale, '', [w.noOpenRounds]);
      const answering = m.role !== 'pilot' && !!m.organisationId;
      const sections = await Promise.all(
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
            title: t.openRoundTitle(r.header.number, r.header.draftTitle, r.header.version),
            text: line,
          };
        }),
      );
      return noticeMessage(ctx.locale, w.openRoundsTitle(rounds.length), [], {
        sections,
        actions: answering
          ? rounds.slice(0, MAX_ROUND_BUTTONS).map((r) => ({
              type: 'avis.open' as const,
              label: rounds.length > 1 ? t.giveAvisNumbered(r.header.number) : t.giveAvis,
              roundId: r.round.id,
              style: 'primary' as const,
            }))
          : [],
      });
    },

    async launchForm(ctx) {
      const m = await pilot(ctx);
      const { drafts, organisations: orgs } = await launchFormChoices(deps, m.tenantId);
      if (drafts.length === 0) throw new DomainError('DRAFT_NONE_IMPORTED');
      return {
        draftVersions: drafts.map((d) => ({
          id: d.id,
          title: d.title,
          version: d.version,
          period: d.schema.period,
        })),
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
        log.info({ round: launched.number }, 'Slack : consultation lancée');
        return launched.message;
      } catch (err) {
        if (isDomainError(err) && !(err instanceof ValidationErrors) && err.field) {
          throw err.withField(LAUNCH_FIELDS[err.field] ?? err.field);
        }
        throw err;
      }
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

    async home(ctx) {
      const m = await member(ctx).catch((err: unknown) => {
        if (isDomainError(err) && err.code === 'NOT_LINKED') return null;
        throw err;
      });
      if (!m) return { role: 'unlinked' };
      if (m.role === 'pilot') {
        const [rounds, agrements] = await Promise.all([
          listOpenRounds(deps, m),
          agrementsEnding(m),
        ]);
        return {
          role: 'pilot',
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
      const rounds = await listOpenRounds(deps, m);
      const t = strings(ctx.locale);
      return {
        role: 'partner',
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

  // Refusals with Slack's command words; the listeners word them in the user's language.
  const localised = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(handlers) as [
    string,
    (ctx: SlackCommandContext) => Promise<unknown>,
  ][]) {
    localised[name] = async (ctx: SlackCommandContext) => {
      try {
        return await fn(ctx);
      } catch (err) {
        throw inSlackWords(err);
      }
    };
  }
  return localised as unknown as SlackHandlers;
}

export interface MountSlackForConcertoOptions {
  config: TConfig;
  deps: AppDeps;
  log: Logger;
  /** The web process's Redis: Slack's retry and replay de-duplication keys live there. */
  redis: Redis;
  /** Prefix of the de-duplication keys. Default: `<QUEUE_PREFIX>:slack:seen:`. */
  dedupPrefix?: string;
}

/**
 * Mounts Slack for Concerto on the web process's Express app (POST /slack/events, and the OAuth
 * routes when SLACK_CLIENT_ID is set), or opens the Socket Mode connection when SLACK_APP_TOKEN
 * is set. Resolves to undefined (after one log line) when Slack is not configured. Call `stop()`
 * on shutdown (closes the Socket Mode connection; nothing to do in HTTP mode).
 */
export async function mountSlackForConcerto(
  expressApp: Application,
  o: MountSlackForConcertoOptions,
): Promise<SlackApp | undefined> {
  const slack = mountSlack(expressApp, {
    config: o.config,
    log: o.log,
    handlers: createConcertoSlackHandlers({
      deps: o.deps,
      log: o.log,
      inviteThrottle: inviteThrottleOf(o.config),
    }),
    dedup: new RedisDedupStore(o.redis, o.dedupPrefix ?? `${o.config.QUEUE_PREFIX}:slack:seen:`),
    ...(o.config.SLACK_CLIENT_ID
      ? { installationStore: slackInstallationStore(o.deps, o.config) }
      : {}),
  });
  if (!slack) return undefined;
  await slack.start();
  o.log.info({ mode: slack.mode, auth: slack.auth }, 'Slack branché');
  return slack;
}
