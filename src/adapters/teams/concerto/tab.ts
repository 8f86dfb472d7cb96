import { mayUseConsole, resultsOut, roundAccess } from '../../../domain/roles';
import { getSurveyStatus, type SurveyStatus } from '../../../app/survey/survey-status';
import { buildSurveyReport } from '../../../app/survey/survey-report';
import { frMean } from '../../../app/survey-report-model';
import { roundStatusLabel } from '../../../domain/round';
import type { Locale } from '../../../domain/types';
import { gridHeatmap } from '../../../reports/grid-heatmap';
import type { ResolvedMember } from '../../../app/resolve-member';
import { assertResultsVisible, whyCannotAnswer } from '../../../app/round-view';
import { castAvis } from '../../../app/cast-avis';
import { EXPORT_FORMATS, exportRoundFiles } from '../../../app/export-round';
import {
  answeredEverything,
  enjeuAnswers,
  enjeuNamesText,
  enjeuRemovedText,
  silenceCount,
} from '../../../domain/round-messages';
import { chatWords, teamsWords } from '../../../domain/chat-words';
import { listOpenRounds } from '../../../app/get-round-status';
import { listRounds } from '../../../app/list-rounds';
import { isUuid } from '../../../app/lookup';
import { requireMember } from '../../../app/resolve-member';
import { roundHeader, roundTally } from '../../../app/round-view';
import { AVIS_LABELS } from '../../../domain/avis';
import { avisForm } from '../../../domain/avis-form';
import { DomainError, errorText } from '../../../domain/errors';
import { formatDeadline } from '../../../domain/round-schedule';
import { AVIS_CHOICES } from '../../../domain/types';
import { memberActor } from '../../../app/deps';
import { listRoundFollowups, type RoundFollowups } from '../../../app/list-followups';
import { recordFollowup } from '../../../app/record-followup';
import {
  assertCanFollowUp,
  FOLLOWUP_LABELS,
  FOLLOWUP_RESPONSES,
  MAX_JUSTIFICATION_LENGTH,
} from '../../../domain/followup';
import { type TabAvisAnswer, type TabHandlers } from '../tab/router';
import type { TabUser } from '../tab/sso';
import {
  currentAvis,
  enjeuViews,
  identityOf,
  loadRound,
  tenantNotRegistered,
  votesOf,
  type ConcertoTeamsOptions,
} from './shared';
import { CAF_TEAMS, localeOf } from '../i18n';

/** The tab's API handlers (router.ts) over the use cases; identity from the SSO token. */
/**
 * The tab's words outside its views, in the member's language (`GET /me` sends them): tab.js
 * writes no word of its own. A label followed by a value ends with the language's colon.
 */
export function tabWords(locale: Locale) {
  const teams = teamsWords(locale);
  const t = teams.tab;
  const labelled = (label: string) => teams.labelled(label, '');
  return {
    title: t.page.title,
    outsideTeams: t.page.outsideTeams,
    signInFailed: labelled(t.page.signInFailed),
    error: t.page.error,
    noRounds: t.noRounds,
    results: t.results,
    resultsUnavailable: labelled(t.resultsUnavailable),
    exports: t.exports,
    exportFailed: labelled(t.exportFailed),
    followups: {
      heading: t.followups.heading,
      closedRounds: t.followups.closedRounds,
      followup: labelled(t.followups.followup),
      toDo: t.followups.toDo,
      response: t.followups.response,
      justification: t.followups.justification,
      noNextEnjeu: t.followups.noNextEnjeu,
      next: t.followups.next,
      save: t.followups.save,
      saving: t.followups.saving,
      notSaved: labelled(t.followups.notSaved),
      unavailable: labelled(t.followups.unavailable),
    },
    survey: {
      list: t.survey.list,
      organisations: t.survey.organisations,
      heatmap: t.survey.heatmap,
      cells: t.survey.cells,
    },
  };
}

export function createConcertoTabHandlers(o: ConcertoTeamsOptions): TabHandlers {
  const { deps } = o;
  const member = async (user: TabUser) => {
    const m = await requireMember(deps, identityOf(user));
    if (o.tenants && !(await o.tenants.isAllowedFor(m.tenantId, user.tenantId)))
      throw tenantNotRegistered();
    return m;
  };
  /** The member's language (French unless their profile says English). */
  const localeOfMember = (m: { locale: string }): Locale => localeOf(m.locale);

  async function roundView(user: TabUser, roundId: string) {
    const m = await member(user);
    const locale = localeOfMember(m);
    const round = await loadRound(deps, m.tenantId, roundId);
    const access = roundAccess(m, round);
    const invited = access.invited;
    if (!access.steer && !invited) throw new DomainError('AVIS_NOT_INVITED');
    const { enjeux, previousVersion, removed } = await enjeuViews(deps, round, true);
    const { current, answeredBy } = await currentAvis(
      deps,
      round,
      invited ? m.organisationId : null,
      locale,
    );
    const why = invited
      ? whyCannotAnswer(m, round, deps.now(), locale)
      : (whyCannotAnswer(m, round, deps.now(), locale) ??
        errorText(new DomainError('AVIS_NOT_INVITED'), locale));
    const deadlineText = formatDeadline(round.deadline, locale, round.tenant.timezone);
    const chat = chatWords(locale);
    const teams = teamsWords(locale);
    return {
      id: round.id,
      number: round.number,
      title: round.draftVersion.title,
      version: round.draftVersion.version,
      period: round.draftVersion.schema.period,
      status: round.status,
      deadline: round.deadline.toISOString(),
      deadlineText,
      previousVersion,
      removed,
      enjeux,
      avis: current,
      /** The neutral avis form (domain/avis-form.ts) the tab draws, in the member's language. */
      form: avisForm({ locale, enjeux, values: current }),
      answeredBy: answeredBy ?? null,
      canAnswer: !why,
      readOnlyReason: why ?? null,
      /**
       * The words the tab shows around the form, the catalogue's (the same as Slack's, the Teams
       * card's and the web ballot's where they say the same thing): tab.js writes none.
       */
      words: {
        heading: teams.tab.heading(round.draftVersion.title, round.draftVersion.version),
        deadline: teams.labelled(chat.deadline, deadlineText),
        removed: removed.map((t: string) => enjeuRemovedText(t, locale)),
        changes: { added: chat.changes.added, changed: chat.changes.changed },
        diffSummary: teams.tab.diffSummary(previousVersion ?? null),
        diffAdded: teams.labelled(teams.tab.diffAdded, ''),
        diffRemoved: teams.labelled(teams.tab.diffRemoved, ''),
        avis: teams.labelled(teams.avis, ''),
        noAnswer: teams.noAnswer,
        saving: teams.tab.saving,
        saved: teams.tab.saved,
      },
      resultsAvailable: access.seeResults,
      // Pilots record what the Caf did with the avis once the round is closed.
      followupsAvailable: access.steer && round.status === 'closed',
    };
  }

  /** A closed round the pilot steers (partners: FORBIDDEN; another Caf's: not found). */
  async function followupRound(user: TabUser, roundId: string) {
    const m = await member(user);
    const round = await loadRound(deps, m.tenantId, roundId);
    if (!roundAccess(m, round).steer) throw new DomainError('FORBIDDEN', { pilotsOnly: true });
    assertCanFollowUp(round);
    return { m, round, locale: localeOfMember(m) };
  }

  /** The list as the tab shows it: the member's words, dates in the Caf's time zone. */
  function followupsView(f: RoundFollowups, locale: Locale) {
    const tz = f.round.timezone;
    const teams = teamsWords(locale);
    const t = teams.tab.followups;
    return {
      round: {
        id: f.round.id,
        number: f.round.number,
        title: f.round.draftTitle,
        version: f.round.version,
      },
      pending: f.pending,
      intro: t.intro(f.pending, f.items.length),
      responses: FOLLOWUP_RESPONSES.map((r) => ({ value: r, label: FOLLOWUP_LABELS[r][locale] })),
      maxJustification: MAX_JUSTIFICATION_LENGTH,
      justificationHint: t.justificationHint(MAX_JUSTIFICATION_LENGTH),
      laterEnjeux: f.laterEnjeux.map((e) => ({
        id: e.id,
        label: t.laterEnjeu(e.version, e.position, e.title),
      })),
      items: f.items.map((i) => {
        const recordedAtText = i.followup ? formatDeadline(i.followup.recordedAt, locale, tz) : '';
        return {
          avisId: i.avisId,
          enjeu: i.enjeu,
          organisation: i.organisation,
          heading: t.item(
            i.enjeu.position,
            i.enjeu.title,
            i.organisation.name,
            i.organisation.code,
          ),
          choice: i.choice,
          avis: AVIS_LABELS[i.choice][locale],
          avisText: teams.labelled(teams.avis, AVIS_LABELS[i.choice][locale]),
          comment: i.comment,
          /** What the status line says once this follow-up is saved. */
          savedText: t.saved(i.enjeu.position, i.organisation.name),
          followup: i.followup
            ? {
                response: i.followup.response,
                label: FOLLOWUP_LABELS[i.followup.response][locale],
                justification: i.followup.justification,
                nextEnjeu: i.followup.nextEnjeu,
                nextEnjeuText: i.followup.nextEnjeu
                  ? t.nextEnjeu(
                      i.followup.nextEnjeu.version,
                      i.followup.nextEnjeu.position,
                      i.followup.nextEnjeu.title,
                    )
                  : null,
                recordedBy: i.followup.recordedBy,
                recordedAtText,
                recordedText: t.recorded(i.followup.recordedBy, recordedAtText),
              }
            : null,
        };
      }),
    };
  }

  /**
   * Where the member's organisation's answer to a survey stands; null for a per-person survey
   * or an organisation that is not invited (then a partner does not follow it).
   */
  function myAnswer(m: ResolvedMember, st: SurveyStatus, locale: Locale) {
    const mine = m.organisation
      ? st.organisations?.find((o) => o.code === m.organisation!.code)
      : undefined;
    if (!mine) return null;
    return {
      organisation: mine.name,
      state: mine.state,
      filled: mine.filled,
      total: st.total,
      text: teamsWords(locale).tab.survey.answer(mine.state, mine.filled, st.total),
    };
  }

  /** A survey as the tab lists it: number and grid title, state, deadline, my answer. */
  function surveyItem(m: ResolvedMember, st: SurveyStatus, locale: Locale) {
    const t = teamsWords(locale).tab.survey;
    const r = st.round;
    const answer = myAnswer(m, st, locale);
    const statusLabel = roundStatusLabel(r.status, locale);
    const deadlineText = formatDeadline(r.deadline, locale, r.timezone);
    const answerText = answer ? t.yourAnswer(answer.organisation, answer.text) : null;
    const openDeadline = r.status === 'open' ? deadlineText : null;
    return {
      id: r.id,
      number: r.number,
      title: t.heading(r.number, r.grid.title),
      gridTitle: r.grid.title,
      status: r.status,
      statusLabel,
      deadlineText,
      answerMode: r.answerMode,
      answer,
      answerText,
      /** In the list, after the title: state, deadline while open, my answer. */
      line: t.listLine(statusLabel, openDeadline, answerText),
      /** In the survey's view: its state and deadline while open. */
      stateText: t.state(statusLabel, openDeadline),
    };
  }

  /**
   * The evaluations the member follows: pilots all of the Caf's (open and closed, the last ten
   * closed), partners and observers those their organisation is invited to.
   */
  async function surveysOf(m: ResolvedMember, locale: Locale) {
    const rounds = (await listRounds(deps, m.tenantId)).filter(
      (r) => r.kind === 'survey' && (r.status === 'open' || r.status === 'closed'),
    );
    const open = rounds.filter((r) => r.status === 'open');
    const closed = rounds
      .filter((r) => r.status === 'closed')
      .reverse()
      .slice(0, 10);
    const out = [];
    for (const r of [...open, ...closed]) {
      const st = await getSurveyStatus(deps, { tenantId: m.tenantId, round: r.id });
      if (!mayUseConsole(m) && !myAnswer(m, st, locale)) continue;
      out.push({ ...surveyItem(m, st, locale), resultsVisibility: r.resultsVisibility });
    }
    return out;
  }

  /**
   * One evaluation in the tab: its state and my organisation's answer; its results (participation,
   * heat map, figures per cell) once they are out to the member (domain/roles.ts), always for
   * pilots. Contributions and who has not answered are the pilots' (as in the console).
   */
  async function surveyView(user: TabUser, roundId: string) {
    const m = await member(user);
    const locale = localeOfMember(m);
    const t = teamsWords(locale).tab.survey;
    if (!isUuid(roundId)) throw new DomainError('ROUND_NOT_FOUND');
    const st = await getSurveyStatus(deps, { tenantId: m.tenantId, round: roundId });
    const pilot = mayUseConsole(m);
    const item = surveyItem(m, st, locale);
    if (!pilot && (!item.answer || st.round.status === 'draft' || st.round.status === 'cancelled'))
      throw new DomainError('SURVEY_NOT_ALLOWED', {
        number: st.round.number,
        reason: m.organisation ? 'not_invited' : 'not_member',
      });
    const row = (await listRounds(deps, m.tenantId)).find((r) => r.id === st.round.id)!;
    const out =
      pilot || resultsOut({ status: row.status, resultsVisibility: row.resultsVisibility });
    const canFill = !pilot && m.role === 'partner' && st.round.status === 'open';
    let results = null;
    if (out) {
      const report = await buildSurveyReport(deps, { tenantId: m.tenantId, round: st.round.id });
      const grid = report.grid;
      const scale = grid.rating?.labels.length ?? 0;
      const heat = gridHeatmap(grid, report.tally.cells, {
        id: `carte-chaleur-${st.round.number}`,
      });
      results = {
        participation: t.participation(report.participation),
        heatmap: { svg: heat.svg, alt: heat.alt },
        levels: grid.levels.map((l) => {
          const cells = report.tally.cells.filter((c) => c.level === l.position);
          const questionLabel = (q: number) => grid.questions[q - 1]?.label ?? String(q);
          // Cells with neither contribution nor rating are named on one line, as in the console.
          const empty = cells.filter((c) => c.contributions === 0 && c.mean === null);
          return {
            position: l.position,
            label: l.label,
            emptyText: empty.length
              ? t.emptyCells(empty.map((c) => questionLabel(c.question)))
              : null,
            cells: cells
              .map((c) => ({
                level: c.level,
                question: c.question,
                questionLabel: grid.questions[c.question - 1]?.label ?? String(c.question),
                heading: `${l.label} × ${grid.questions[c.question - 1]?.label ?? c.question}`,
                contributions: c.contributions,
                mean: c.mean,
                text: t.cell({
                  contributions: c.contributions,
                  rated: c.rated,
                  mean: c.mean === null ? null : locale === 'en' ? String(c.mean) : frMean(c.mean),
                  scale,
                }),
                // The texts and their authors are the Caf's, as in the console.
                texts: pilot ? c.texts.map((x) => ({ text: x.text, author: x.author })) : [],
              }))
              // The cell's figures after its heading, with the language's colon.
              .map((c) => ({ ...c, label: teamsWords(locale).labelled('', c.text) })),
          };
        }),
        // Who has (not) answered: pilots only (domain/roles.ts seeWhoIsMissing).
        organisations: pilot
          ? (st.organisations ?? []).map((o) => ({
              name: o.name,
              code: o.code,
              state: o.state,
              text: t.answer(o.state, o.filled, st.total),
              line: t.organisation(o.name, o.code, t.answer(o.state, o.filled, st.total)),
            }))
          : [],
      };
    }
    return {
      ...item,
      canFill,
      fillHint: canFill ? t.fillHint(st.round.number) : null,
      resultsAvailable: out,
      resultsNote: out ? null : t.resultsNotOut(st.round.number),
      results,
    };
  }

  return {
    async me(user) {
      const m = await member(user);
      const locale = localeOfMember(m);
      const t = teamsWords(locale).tab;
      const rounds = await listOpenRounds(deps, m);
      // Pilots reach the closed rounds from the tab: their follow-ups are recorded there.
      const closed = mayUseConsole(m)
        ? (await listRounds(deps, m.tenantId))
            .filter((r) => r.status === 'closed')
            .reverse()
            .slice(0, 10)
        : [];
      const name = m.displayName || user.name || '';
      const organisation =
        m.organisation?.name ?? (m.role === 'pilot' ? CAF_TEAMS.pilotOf(m.tenant.name) : null);
      return {
        name,
        role: m.role,
        organisation,
        tenant: m.tenant.name,
        /** The tab's language and its words in it (tab.js writes none of its own). */
        locale,
        words: tabWords(locale),
        connected: t.connected(name, organisation),
        surveys: await surveysOf(m, locale),
        rounds: rounds.map((r) => ({
          id: r.round.id,
          number: r.header.number,
          title: r.header.draftTitle,
          version: r.header.version,
          deadlineText: formatDeadline(r.header.deadline, locale, r.header.timezone),
        })),
        // Follow-ups are recorded on consultations' avis: evaluations have none.
        closedRounds: closed.flatMap((r) =>
          r.draftVersion
            ? [
                {
                  id: r.id,
                  number: r.number,
                  title: r.draftVersion.title,
                  version: r.draftVersion.version,
                  label: t.followups.closedRound(
                    r.number,
                    r.draftVersion.title,
                    r.draftVersion.version,
                  ),
                },
              ]
            : [],
        ),
      };
    },

    async locale(user) {
      return localeOfMember(await member(user));
    },

    round: roundView,

    survey: surveyView,

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
      const locale = localeOfMember(m);
      const t = teamsWords(locale).tab;
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
        summary: answeredEverything(tally.complete, tally.invited, locale, silenceCount(tally)),
        enjeux: tally.enjeux.map((e) => ({
          id: e.enjeuId,
          position: e.position,
          title: e.title,
          answered: e.answered,
          invited: e.invited,
          implicit: e.implicit,
          participation: enjeuAnswers(e, locale),
          counts: AVIS_CHOICES.map((c) => ({
            choice: c,
            label: AVIS_LABELS[c][locale],
            count: e.counts[c],
            text: t.avisCount(e.counts[c], e.invited),
          })),
          // Partners see the counts; who did not answer is for the Caf.
          missing: access.seeWhoIsMissing ? e.missing.map((x) => x.name) : [],
          bySilence: access.seeWhoIsMissing ? e.bySilence.map((x) => x.name) : [],
          // The lines of the results messages (domain/round-messages.ts).
          missingText:
            access.seeWhoIsMissing && e.missing.length
              ? enjeuNamesText(
                  'missing',
                  e.missing.map((x) => x.name),
                  locale,
                )
              : null,
          bySilenceText:
            access.seeWhoIsMissing && e.bySilence.length
              ? enjeuNamesText(
                  'silent',
                  e.bySilence.map((x) => x.name),
                  locale,
                )
              : null,
        })),
        // Pilots download the results (the tab fetches them with its token).
        exports: access.steer
          ? EXPORT_FORMATS.map((format) => ({
              format,
              label: t.exportLabels[format],
              button: t.download(t.exportLabels[format]),
            }))
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

    async followups(user, roundId) {
      const { m, round, locale } = await followupRound(user, roundId);
      return followupsView(
        await listRoundFollowups(deps, { tenantId: m.tenantId, round: round.id }),
        locale,
      );
    },

    async recordFollowup(user, roundId, input) {
      const { m, round, locale } = await followupRound(user, roundId);
      await recordFollowup(deps, {
        tenantId: m.tenantId,
        round: round.id,
        organisationCode: input.organisation,
        enjeu: input.enjeu,
        response: input.reponse,
        justification: input.justification,
        nextEnjeu: input.enjeuSuivant || null,
        actor: memberActor(m),
      });
      return followupsView(
        await listRoundFollowups(deps, { tenantId: m.tenantId, round: round.id }),
        locale,
      );
    },
  };
}
