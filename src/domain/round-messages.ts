import { AVIS_LABELS } from './avis';
import { markdownToPlainText } from './markdown-text';
import { FOLLOWUP_LABELS, type FollowupResponse } from './followup';
import type { EnjeuChange } from './draft-diff';
import { noticeMessage, withFallback, type NeutralMessage, type NeutralSection } from './messages';
import { commandText, type CommandChannel } from './commands';

export { withFallback } from './messages';
import { count, plural, shortDate } from './format';
import { formatDeadline, type PastRoundReminder } from './round-schedule';
import { bar, type EnjeuTally, type RoundTally } from './tally';
import { ROUND_STATUS_EN } from './catalogue/en';
import { ROUND_STATUS_FR } from './catalogue/fr';
import { type AvisChoice, type Locale, type RoundStatus } from './types';

/** Neutral messages of a consultation round, in French first and English second. */

export interface RoundHeader {
  id: string;
  number: number;
  deadline: Date;
  draftTitle: string;
  version: number;
  period: string;
  timezone: string;
  silenceMeansFavorable: boolean;
}

export interface EnjeuSummary {
  id: string;
  position: number;
  title: string;
  body: string;
}

export interface OrganisationProgress {
  organisationName: string;
  answered: {
    enjeuId: string;
    choice: AvisChoice;
    byName: string;
    at: Date;
  }[];
}

const T = {
  fr: {
    invitationTitle: (r: RoundHeader) =>
      `Consultation n° ${r.number} : ${r.draftTitle} (version ${r.version})`,
    invitationIntro: (r: RoundHeader) =>
      `La Caf sollicite l'avis de votre organisation sur chacun des enjeux du projet de schéma directeur ${r.period}.`,
    silence: 'Sans réponse de votre part à la date limite, votre avis sera réputé favorable.',
    deadline: 'Date limite',
    version: 'Version',
    enjeux: 'Enjeux',
    give: 'Donner notre avis',
    read: 'Lire le projet complet',
    changes: (v: number) => `Ce qui a changé depuis la version ${v} à laquelle vous avez répondu :`,
    followups: (v: number) => `Suites données par la Caf à vos avis sur la version ${v} :`,
    followupPending: 'réponse à venir',
    followupEnjeu: (p: number) => `enjeu ${p}`,
    added: 'nouvel enjeu',
    changed: 'modifié',
    unchanged: 'inchangé',
    removed: (t: string) => `Enjeu retiré : « ${t} »`,
    ended: {
      closed: 'Cette consultation est close : les avis ne sont plus modifiables.',
      cancelled: 'Cette consultation est annulée : il n’y a plus d’avis à donner.',
    },
    progress: (done: number, total: number) =>
      `Votre organisation a répondu à ${count(done, 'fr', 'enjeu', 'enjeux')} sur ${total}.`,
    answeredBy: (title: string, choice: string, by: string, at: string) =>
      `${title} : ${choice}, avis donné par ${by} le ${at}`,
    reminderTitle: (r: RoundHeader) => `Rappel : consultation n° ${r.number} sur ${r.draftTitle}`,
    reminderText: (n: number, deadline: string) =>
      `Il reste ${count(n, 'fr', 'enjeu', 'enjeux')} sans avis de votre organisation. Date limite : ${deadline}.`,
    missing: 'Enjeux sans avis',
    resultsTitle: (r: RoundHeader) =>
      `Résultats de la consultation n° ${r.number} : ${r.draftTitle} (version ${r.version})`,
    resultsIntro: (complete: number, invited: number) =>
      `${count(complete, 'fr', 'organisation', 'organisations')} sur ${invited} ${plural(complete, 'fr', 'a', 'ont')} répondu à tous les enjeux`,
    bySilence: (s: SilenceCount) =>
      `${s.bySilence} ${plural(s.bySilence, 'fr', 'favorable', 'favorables')} par silence${s.partly > 0 ? ` (dont ${s.partly} en partie)` : ''}`,
    enjeuAnswered: (answered: number, invited: number, implicit: number) =>
      `${answered}/${invited} ${plural(answered, 'fr', 'a', 'ont')} répondu, ${implicit} ${plural(implicit, 'fr', 'favorable', 'favorables')} par silence`,
    participation: 'Participation',
    noAnswer: (names: string) => `Sans réponse : ${names}`,
    silentNames: (names: string) => `Favorables par silence : ${names}`,
    deadlineTitle: (r: RoundHeader) => `Consultation n° ${r.number} : nouvelle date limite`,
    deadlineText: (r: RoundHeader, deadline: string) =>
      `La date limite de la consultation n° ${r.number} sur ${r.draftTitle} change : elle est désormais fixée au ${deadline}.`,
    cancelTitle: (r: RoundHeader) => `Consultation n° ${r.number} annulée`,
    cancelText: (r: RoundHeader) =>
      `La consultation n° ${r.number} est annulée : ${r.draftTitle} (version ${r.version}). Il n'y a plus d'avis à donner.`,
  },
  en: {
    invitationTitle: (r: RoundHeader) =>
      `Consultation no. ${r.number}: ${r.draftTitle} (version ${r.version})`,
    invitationIntro: (r: RoundHeader) =>
      `The Caf asks your organisation for its opinion on each issue of the ${r.period} draft plan.`,
    silence:
      'If your organisation does not answer by the deadline, its opinion will be counted as in favour.',
    deadline: 'Deadline',
    version: 'Version',
    enjeux: 'Issues',
    give: 'Give our opinion',
    read: 'Read the full draft',
    changes: (v: number) => `What changed since version ${v}, which you answered:`,
    followups: (v: number) => `What the Caf did with your avis on version ${v}:`,
    followupPending: 'response to come',
    followupEnjeu: (p: number) => `enjeu ${p}`,
    added: 'new issue',
    changed: 'changed',
    unchanged: 'unchanged',
    removed: (t: string) => `Issue removed: “${t}”`,
    ended: {
      closed: 'This consultation is closed: opinions can no longer be changed.',
      cancelled: 'This consultation is cancelled: no opinion is needed any more.',
    },
    progress: (done: number, total: number) =>
      `Your organisation answered ${done} of ${count(total, 'en', 'issue', 'issues')}.`,
    answeredBy: (title: string, choice: string, by: string, at: string) =>
      `${title}: ${choice}, given by ${by} on ${at}`,
    reminderTitle: (r: RoundHeader) => `Reminder: consultation no. ${r.number} on ${r.draftTitle}`,
    reminderText: (n: number, deadline: string) =>
      `${count(n, 'en', 'issue', 'issues')} still without your organisation's opinion. Deadline: ${deadline}.`,
    missing: 'Issues without an opinion',
    resultsTitle: (r: RoundHeader) =>
      `Results of consultation no. ${r.number}: ${r.draftTitle} (version ${r.version})`,
    resultsIntro: (complete: number, invited: number) =>
      `${complete} of ${count(invited, 'en', 'organisation', 'organisations')} answered every issue`,
    bySilence: (s: SilenceCount) =>
      `${s.bySilence} in favour by silence${s.partly > 0 ? ` (${s.partly} of them in part)` : ''}`,
    enjeuAnswered: (answered: number, invited: number, implicit: number) =>
      `${answered}/${invited} answered, ${implicit} in favour by silence`,
    participation: 'Participation',
    noAnswer: (names: string) => `No answer: ${names}`,
    silentNames: (names: string) => `In favour by silence: ${names}`,
    deadlineTitle: (r: RoundHeader) => `Consultation no. ${r.number}: new deadline`,
    deadlineText: (r: RoundHeader, deadline: string) =>
      `The deadline of consultation no. ${r.number} on ${r.draftTitle} has changed: the new deadline is ${deadline}.`,
    cancelTitle: (r: RoundHeader) => `Consultation no. ${r.number} cancelled`,
    cancelText: (r: RoundHeader) =>
      `Consultation no. ${r.number} is cancelled: ${r.draftTitle} (version ${r.version}). No opinion is needed any more.`,
  },
} as const;

/** « 2 organisations sur 4 ont répondu à tous les enjeux », numbers agreed, without a period. */
/** « Sans réponse : A, B », « Favorables par silence : A, B »: an enjeu's names, as the results say them. */
export function enjeuNamesText(
  kind: 'missing' | 'silent',
  names: string[],
  locale: Locale,
): string {
  const list = names.join(', ');
  return kind === 'missing' ? T[locale].noAnswer(list) : T[locale].silentNames(list);
}

/** « Enjeu retiré : « … » », as the invitation says it: for a channel that lists it apart (tab). */
export function enjeuRemovedText(title: string, locale: Locale): string {
  return T[locale].removed(title);
}

export function organisationsAnsweredEverything(
  complete: number,
  invited: number,
  locale: Locale,
): string {
  return T[locale].resultsIntro(complete, invited);
}

/**
 * Organisations favorable by silence at the close of a round whose silence means favorable:
 * `bySilence` of them, `partly` of which answered some enjeux themselves.
 */
export interface SilenceCount {
  bySilence: number;
  partly: number;
}

export function silenceCount(t: Pick<RoundTally, 'bySilence' | 'partlyBySilence'>): SilenceCount {
  return { bySilence: t.bySilence.length, partly: t.partlyBySilence.length };
}

/**
 * « 2 organisations sur 4 ont répondu à tous les enjeux. », with the numbers agreed, and
 * « , 2 favorables par silence » when some organisations did not answer and silence counts.
 */
export function answeredEverything(
  complete: number,
  invited: number,
  locale: Locale,
  silence?: SilenceCount,
): string {
  const t = T[locale];
  const bySilence = silence && silence.bySilence > 0 ? `, ${t.bySilence(silence)}` : '';
  return `${t.resultsIntro(complete, invited)}${bySilence}.`;
}

/**
 * What a pilot reads after closing a round (« clore », `concerto round close`): a consultation's
 * answers, or an evaluation's participation (`invited` null: answered per person).
 */
export function roundClosedText(
  n: number,
  r:
    | { alreadyClosed: boolean; complete: number; invited: number; silence: SilenceCount }
    | {
        alreadyClosed: boolean;
        survey: { invited: number | null; started: number; finished: number };
      },
  locale: Locale,
): string {
  const fr = locale === 'fr';
  if ('survey' in r) {
    if (r.alreadyClosed)
      return fr
        ? `L’évaluation n° ${n} était déjà close.`
        : `Evaluation no. ${n} was already closed.`;
    const p = r.survey;
    const drafts = p.started - p.finished;
    if (!fr)
      return `Evaluation no. ${n} closed: ${
        p.invited === null
          ? `${count(p.finished, 'en', 'participant has', 'participants have')} finished the grid`
          : `${count(p.finished, 'en', 'organisation', 'organisations')} of ${p.invited} ${plural(p.finished, 'en', 'has', 'have')} finished the grid`
      }, ${drafts} in draft. The results are sent to the pilots${p.invited === null ? '' : ' and to the organisations'}.`;
    return `Évaluation n° ${n} close : ${
      p.invited === null
        ? `${count(p.finished, 'fr', 'participant a', 'participants ont')} terminé la grille`
        : `${count(p.finished, 'fr', 'organisation', 'organisations')} sur ${p.invited} ${p.finished > 1 ? 'ont' : 'a'} terminé la grille`
    }, ${drafts} en brouillon. Les résultats sont envoyés aux pilotes${p.invited === null ? '' : ' et aux organisations'}.`;
  }
  if (r.alreadyClosed)
    return fr
      ? `La consultation n° ${n} était déjà close.`
      : `Consultation no. ${n} was already closed.`;
  const answered = answeredEverything(r.complete, r.invited, locale, r.silence);
  return fr
    ? `Consultation n° ${n} close : ${answered} Les résultats sont envoyés aux pilotes et aux organisations.`
    : `Consultation no. ${n} closed: ${answered} The results are sent to the pilots and to the organisations.`;
}

/** « 2/4 », or « 2/4, 2 favorables par silence » (the Participation field, the CLI's status). */
export function participation(
  t: Pick<RoundTally, 'complete' | 'invited' | 'bySilence' | 'partlyBySilence'>,
  locale: Locale,
): string {
  const silence = silenceCount(t);
  const ratio = `${t.complete}/${t.invited}`;
  return silence.bySilence > 0 ? `${ratio}, ${T[locale].bySilence(silence)}` : ratio;
}

/** One enjeu's answers in words: « 1 réponse sur 2 », « 2 réponses sur 4, 2 favorables par silence ». */
export function enjeuAnswers(
  e: Pick<EnjeuTally, 'answered' | 'invited' | 'implicit'>,
  locale: Locale,
): string {
  const answered = e.answered - e.implicit;
  const words =
    locale === 'fr'
      ? `${count(answered, 'fr', 'réponse', 'réponses')} sur ${e.invited}`
      : `${count(answered, 'en', 'answer', 'answers')} of ${e.invited}`;
  return e.implicit > 0
    ? `${words}, ${T[locale].bySilence({ bySilence: e.implicit, partly: 0 })}`
    : words;
}

/** One enjeu's participation: « 3/4 », or « 2/4 ont répondu, 2 favorables par silence ». */
export function enjeuParticipation(
  e: Pick<EnjeuTally, 'answered' | 'invited' | 'implicit'>,
  locale: Locale,
): string {
  const answered = e.answered - e.implicit;
  return e.implicit > 0
    ? T[locale].enjeuAnswered(answered, e.invited, e.implicit)
    : `${answered}/${e.invited}`;
}

/** The organisation's avis of an earlier version that called for a follow-up, and the Caf's response. */
export interface InvitationFollowups {
  version: number;
  items: {
    position: number;
    choice: AvisChoice;
    response: FollowupResponse | null;
    justification: string | null;
  }[];
}

/** The start of an enjeu's text as plain text, a list item per line (Markdown read, not shown). */
function firstLines(body: string, max = 280): string {
  const text = markdownToPlainText(body)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{2,}/g, '\n');
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The invitation an organisation receives, and (with `progress`) the same message updated after
 * each answer. With `changes`, it says what changed since the version the organisation answered.
 */
export function invitationMessage(o: {
  round: RoundHeader;
  enjeux: EnjeuSummary[];
  readUrl: string;
  locale: Locale;
  changes?: { sinceVersion: number; diff: EnjeuChange[] };
  /** How the Caf handled the organisation's réserves, défavorables and comments on an earlier version. */
  followups?: InvitationFollowups;
  progress?: OrganisationProgress;
  /** The round's state when the message is (re)rendered: closed or cancelled, no vote button. */
  status?: RoundStatus;
  personalView?: NeutralMessage['personalView'];
}): NeutralMessage {
  const t = T[o.locale];
  const changeOf = new Map(
    (o.changes?.diff ?? [])
      .filter((c) => c.kind !== 'removed')
      .map((c) => [c.title.toLowerCase(), c.kind]),
  );
  const sections: NeutralSection[] = o.enjeux.map((e) => {
    const change = o.changes
      ? (changeOf.get(e.title.toLowerCase()) as NeutralSection['change'])
      : undefined;
    const tag = change
      ? ` (${change === 'added' ? t.added : change === 'changed' ? t.changed : t.unchanged})`
      : '';
    return {
      title: `${e.position}. ${e.title}${tag}`,
      text: firstLines(e.body),
      ...(change ? { change } : {}),
    };
  });
  const ended = o.status === 'closed' || o.status === 'cancelled' ? o.status : undefined;
  const text: string[] = [...(ended ? [t.ended[ended]] : []), t.invitationIntro(o.round)];
  if (o.round.silenceMeansFavorable) text.push(t.silence);
  if (o.changes) {
    text.push(t.changes(o.changes.sinceVersion));
    for (const c of o.changes.diff) if (c.kind === 'removed') text.push(t.removed(c.title));
  }
  if (o.followups && o.followups.items.length > 0) {
    text.push(t.followups(o.followups.version));
    for (const f of o.followups.items)
      text.push(
        `• ${t.followupEnjeu(f.position)} (${AVIS_LABELS[f.choice][o.locale]}) : ${
          f.response
            ? `${FOLLOWUP_LABELS[f.response][o.locale]}${f.justification ? ` — ${firstLines(f.justification)}` : ''}`
            : t.followupPending
        }`,
      );
  }
  let context: string | undefined;
  if (o.progress) {
    const titles = new Map(o.enjeux.map((e) => [e.id, e.title]));
    const lines = [t.progress(o.progress.answered.length, o.enjeux.length)];
    for (const a of o.progress.answered) {
      lines.push(
        t.answeredBy(
          titles.get(a.enjeuId) ?? '?',
          AVIS_LABELS[a.choice][o.locale],
          a.byName,
          shortDate(a.at, o.locale, o.round.timezone),
        ),
      );
    }
    context = lines.join('\n');
  }
  return withFallback({
    kind: o.progress ? 'round.progress' : 'round.invitation',
    locale: o.locale,
    title: t.invitationTitle(o.round),
    text,
    fields: [
      { label: t.deadline, value: formatDeadline(o.round.deadline, o.locale, o.round.timezone) },
      { label: t.version, value: `${o.round.version} (${o.round.period})` },
    ],
    sections,
    actions: [
      ...(ended
        ? []
        : [
            {
              type: 'avis.open' as const,
              label: t.give,
              roundId: o.round.id,
              style: 'primary' as const,
            },
          ]),
      { type: 'link', label: t.read, url: o.readUrl },
    ],
    ...(context ? { context } : {}),
    ...(o.personalView ? { personalView: o.personalView } : {}),
  });
}

export function reminderMessage(o: {
  round: RoundHeader;
  missingEnjeux: EnjeuSummary[];
  locale: Locale;
}): NeutralMessage {
  const t = T[o.locale];
  const deadline = formatDeadline(o.round.deadline, o.locale, o.round.timezone);
  return withFallback({
    kind: 'round.reminder',
    locale: o.locale,
    title: t.reminderTitle(o.round),
    text: [
      t.reminderText(o.missingEnjeux.length, deadline),
      ...(o.round.silenceMeansFavorable ? [t.silence] : []),
    ],
    fields: [{ label: t.deadline, value: deadline }],
    sections: o.missingEnjeux.map((e) => ({ title: `${e.position}. ${e.title}`, text: '' })),
    actions: [{ type: 'avis.open', label: t.give, roundId: o.round.id, style: 'primary' }],
  });
}

/** A changed deadline, announced in the invitation's thread (the deadline in the Caf's zone). */
export function deadlineChangedMessage(o: { round: RoundHeader; locale: Locale }): NeutralMessage {
  const t = T[o.locale];
  const deadline = formatDeadline(o.round.deadline, o.locale, o.round.timezone);
  return withFallback({
    kind: 'round.announcement',
    locale: o.locale,
    title: t.deadlineTitle(o.round),
    text: [t.deadlineText(o.round, deadline)],
    fields: [{ label: t.deadline, value: deadline }],
    sections: [],
    actions: [],
  });
}

/** A cancelled round, announced in the invitation's thread and to the pilots. */
export function cancellationMessage(o: { round: RoundHeader; locale: Locale }): NeutralMessage {
  const t = T[o.locale];
  return withFallback({
    kind: 'round.announcement',
    locale: o.locale,
    title: t.cancelTitle(o.round),
    text: [t.cancelText(o.round)],
    fields: [],
    sections: [],
    actions: [],
  });
}

export function resultsMessage(o: {
  round: RoundHeader;
  tally: RoundTally;
  locale: Locale;
  /**
   * Name the organisations that did not answer: for the Caf's pilots only (domain/roles.ts);
   * partners and observers see the counts. Default: false.
   */
  showMissing?: boolean;
  /** The chart image of an enjeu (its link and text alternative), when the deployment has one. */
  chart?: (e: EnjeuTally) => { url: string; alt: string } | undefined;
}): NeutralMessage {
  const t = T[o.locale];
  const sections: NeutralSection[] = o.tally.enjeux.map((e) => {
    // The counts travel in `counts` and each channel renders them once; the text has the rest.
    // Silence is not an answer: the bar and the ratio count the avis the organisations gave.
    const lines = [`${bar(e.answered - e.implicit, e.invited)} ${enjeuParticipation(e, o.locale)}`];
    if (o.showMissing && e.missing.length > 0)
      lines.push(t.noAnswer(e.missing.map((m) => m.name).join(', ')));
    if (o.showMissing && e.bySilence.length > 0)
      lines.push(t.silentNames(e.bySilence.map((m) => m.name).join(', ')));
    const chart = o.chart?.(e);
    return {
      title: `${e.position}. ${e.title}`,
      text: lines.join('\n'),
      counts: e.counts,
      ...(chart ? { chart } : {}),
    };
  });
  return withFallback({
    kind: 'round.results',
    locale: o.locale,
    title: t.resultsTitle(o.round),
    text: [answeredEverything(o.tally.complete, o.tally.invited, o.locale, silenceCount(o.tally))],
    fields: [{ label: t.participation, value: participation(o.tally, o.locale) }],
    sections,
    actions: [],
  });
}

/** « statut »: the results so far, with the deadline and the state of the round. */
export function statusMessage(o: {
  round: RoundHeader;
  status: RoundStatus;
  tally: RoundTally;
  locale: Locale;
  /** See resultsMessage. */
  showMissing?: boolean;
}): NeutralMessage {
  const results = resultsMessage(o);
  return withFallback({
    ...results,
    kind: 'notice',
    title:
      o.locale === 'fr'
        ? `Statut de la consultation n° ${o.round.number} : ${o.round.draftTitle} (version ${o.round.version})`
        : `Status of consultation no. ${o.round.number}: ${o.round.draftTitle} (version ${o.round.version})`,
    fields: [
      ...results.fields,
      {
        label: T[o.locale].deadline,
        value: formatDeadline(o.round.deadline, o.locale, o.round.timezone),
      },
      {
        label: o.locale === 'fr' ? 'État' : 'State',
        value: (o.locale === 'en' ? ROUND_STATUS_EN : ROUND_STATUS_FR)[o.status],
      },
    ],
  });
}

/** A reminder spec in words: « 7 jours avant », « 6 heures avant », « le matin même ». */
export function reminderSpecText(spec: string, locale: Locale): string {
  const m = /^P(?:T)?(\d+)([DHM])$/.exec(spec);
  if (!m) return locale === 'fr' ? 'le matin même' : 'that morning';
  const n = Number(m[1]);
  const unit = m[2] as 'D' | 'H' | 'M';
  const words = {
    fr: { D: ['jour', 'jours'], H: ['heure', 'heures'], M: ['minute', 'minutes'] },
    en: { D: ['day', 'days'], H: ['hour', 'hours'], M: ['minute', 'minutes'] },
  }[locale][unit];
  return `${count(n, locale, words[0]!, words[1]!)} ${locale === 'fr' ? 'avant' : 'before'}`;
}

/**
 * What a pilot launching a round is told of the reminders that fall in the past (they are not
 * planned), on every launch path; undefined when there are none.
 */
export function pastRemindersText(
  past: PastRoundReminder[],
  locale: Locale,
  timezone: string,
  /** How a date is written (the CLI has its own style). Default: shortDate. */
  dateText: (d: Date) => string = (d) => shortDate(d, locale, timezone),
): string | undefined {
  if (past.length === 0) return undefined;
  const fr = locale === 'fr';
  const names = past.map((r) => {
    const name = reminderSpecText(r.spec, locale);
    const when = dateText(r.dueAt);
    return fr ? `« ${name} » (${when})` : `“${name}” (${when})`;
  });
  const and = fr ? ' et ' : ' and ';
  const list =
    names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')}${and}${names.at(-1)!}`;
  const many = past.length > 1;
  return fr
    ? `${many ? 'Les rappels' : 'Le rappel'} ${list} ${many ? 'tombent' : 'tombe'} dans le passé : ${many ? 'ils ne sont pas programmés' : 'il n’est pas programmé'}.`
    : `${many ? 'The reminders' : 'The reminder'} ${list} ${many ? 'fall' : 'falls'} in the past: ${many ? 'they are' : 'it is'} not scheduled.`;
}

/**
 * What a pilot is told when a round opens from Slack or Teams: who is invited, the deadline,
 * the reminders that fell in the past, and how to follow it (in the channel's command words).
 */
export function roundLaunchedMessage(o: {
  /** A consultation (default) or an evaluation (a grid). */
  kind?: 'consultation' | 'survey';
  number: number;
  invited: number;
  deliveries: number;
  deadline: Date;
  timezone: string;
  pastReminders: PastRoundReminder[];
  channel: CommandChannel;
}): NeutralMessage {
  const past = pastRemindersText(o.pastReminders, 'fr', o.timezone);
  const what = o.kind === 'survey' ? 'Évaluation' : 'Consultation';
  return noticeMessage('fr', `${what} n° ${o.number} lancée`, [
    `${count(o.invited, 'fr', 'organisation invitée', 'organisations invitées')}, ${count(o.deliveries, 'fr', 'message', 'messages')} d'invitation en cours d'envoi.`,
    `Date limite : ${formatDeadline(o.deadline, 'fr', o.timezone)}.`,
    ...(past ? [past] : []),
    `Suivez la participation avec ${commandText(o.channel, 'statut')}.`,
  ]);
}

/**
 * The receipt of avis given on the web ballot, sent to the organisation's channel: who gave
 * them, on how many enjeux, each avis with its comment, and the way back to change them.
 */
export function ballotReceiptMessage(o: {
  locale: Locale;
  number: number;
  roundId: string;
  /** « Mme Durand (direction@…) », or the address alone. */
  who: string;
  organisation: string;
  draftTitle: string;
  version: number;
  avis: { enjeuTitle: string; choice: AvisChoice; comment?: string }[];
}): NeutralMessage {
  const fr = o.locale === 'fr';
  const n = o.avis.length;
  return noticeMessage(
    o.locale,
    fr
      ? `Avis enregistré — consultation n° ${o.number}`
      : `Avis recorded — consultation no. ${o.number}`,
    fr
      ? [
          `${o.who} a donné l'avis de ${o.organisation} sur ${count(n, 'fr', 'enjeu', 'enjeux')} du projet « ${o.draftTitle} » (version ${o.version}).`,
          `Vous pouvez modifier ces avis jusqu'à la date limite avec le même lien.`,
        ]
      : [
          `${o.who} gave ${o.organisation}'s avis on ${count(n, 'en', 'enjeu', 'enjeux')} of the draft "${o.draftTitle}" (version ${o.version}).`,
          'You can change these avis until the deadline with the same link.',
        ],
    {
      sections: o.avis.map((a) => ({
        title: a.enjeuTitle,
        text: `${AVIS_LABELS[a.choice][o.locale]}${a.comment ? ` — ${a.comment}` : ''}`,
      })),
      actions: [
        {
          type: 'avis.open',
          label: fr ? 'Revoir ou modifier nos avis' : 'Review or change our avis',
          roundId: o.roundId,
        },
      ],
    },
  );
}
