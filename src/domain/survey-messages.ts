import { ROUND_STATUS_EN } from './catalogue/en';
import { ROUND_STATUS_FR } from './catalogue/fr';
import { count, plural } from './format';
import { withFallback, type NeutralMessage } from './messages';
import { formatDeadline } from './round-schedule';
import type { Locale, RoundStatus } from './types';
import type { SurveyAnswerMode, SurveyAnswerState } from './survey';

/**
 * Neutral messages of a survey round (an evaluation grid), French first and English second: the
 * invitation, the reminder to who has not finished, a new deadline, a cancellation, the results.
 * The button is the rounds' one (`avis.open`: « open this round's form »): each channel opens the
 * grid for a survey, the avis form for a consultation.
 */
export interface SurveyHeader {
  id: string;
  number: number;
  deadline: Date;
  timezone: string;
  gridTitle: string;
  gridDescription: string;
  levels: number;
  questions: number;
  answerMode: SurveyAnswerMode;
}

const T = {
  fr: {
    title: (h: SurveyHeader) => `Évaluation n° ${h.number} : ${h.gridTitle}`,
    intro: (h: SurveyHeader) =>
      `La Caf invite votre organisation à remplir sa grille d’évaluation : ${count(h.levels, 'fr', 'niveau', 'niveaux')} × ${count(h.questions, 'fr', 'question', 'questions')}. Vous pouvez enregistrer un brouillon et le compléter jusqu’à la date limite.`,
    deadline: 'Date limite',
    grid: 'Grille',
    open: 'Remplir la grille',
    progress: (filled: number, total: number, state: SurveyAnswerState) =>
      state === 'finished'
        ? `Votre organisation a terminé sa grille (${filled} case${filled > 1 ? 's' : ''} sur ${total}).`
        : `Votre organisation a rempli ${count(filled, 'fr', 'case', 'cases')} sur ${total} (brouillon).`,
    ended: {
      closed: 'Cette évaluation est close : la grille n’est plus modifiable.',
      cancelled: 'Cette évaluation est annulée : il n’y a plus de grille à remplir.',
    },
    reminderTitle: (h: SurveyHeader) => `Rappel : évaluation n° ${h.number}, ${h.gridTitle}`,
    reminderText: (state: SurveyAnswerState, deadline: string) =>
      state === 'draft'
        ? `Votre grille est enregistrée en brouillon, sans être terminée. Complétez-la et terminez-la avant le ${deadline}.`
        : `Votre organisation n’a pas encore rempli la grille. Date limite : ${deadline}.`,
    /** A participant of a per-person round who has not started, in their own name. */
    reminderNotStarted: (deadline: string) =>
      `Vous n’avez pas encore rempli votre grille. Date limite : ${deadline}.`,
    deadlineTitle: (h: SurveyHeader) => `Évaluation n° ${h.number} : nouvelle date limite`,
    deadlineText: (h: SurveyHeader, deadline: string) =>
      `La date limite de l’évaluation n° ${h.number} (${h.gridTitle}) change : elle est désormais fixée au ${deadline}.`,
    cancelTitle: (h: SurveyHeader) => `Évaluation n° ${h.number} annulée`,
    cancelText: (h: SurveyHeader) =>
      `L’évaluation n° ${h.number} (${h.gridTitle}) est annulée : il n’y a plus de grille à remplir.`,
    resultsTitle: (h: SurveyHeader) => `Résultats de l’évaluation n° ${h.number} : ${h.gridTitle}`,
    resultsIntro: (finished: number, started: number, invited: number | null) =>
      invited === null
        ? `${count(finished, 'fr', 'participant a', 'participants ont')} terminé la grille, ${started - finished} en brouillon.`
        : `${count(finished, 'fr', 'organisation', 'organisations')} sur ${invited} ${plural(finished, 'fr', 'a', 'ont')} terminé la grille, ${started - finished} en brouillon.`,
    cell: (contributions: number, mean: number | null, max: number) =>
      `${count(contributions, 'fr', 'contribution', 'contributions')}${mean === null ? '' : `, note moyenne ${String(mean).replace('.', ',')} sur ${max}`}`,
    heatmap: 'Carte de chaleur de la grille',
    listTitle: (number: number, gridTitle: string) => `Évaluation n° ${number} — ${gridTitle}`,
    listDeadline: (deadline: string) => `Date limite : ${deadline}.`,
    listOpen: (number: number) => `Remplir la grille (n° ${number})`,
    listState: {
      not_started: 'Votre organisation n’a pas encore rempli la grille.',
      draft: 'Votre grille est enregistrée en brouillon, sans être terminée.',
      finished: 'Votre organisation a terminé sa grille.',
    },
    statusTitle: (h: SurveyHeader) => `Statut de l’évaluation n° ${h.number} : ${h.gridTitle}`,
    statusGroup: {
      finished: 'Grille terminée',
      draft: 'En brouillon',
      not_started: 'Pas encore remplie',
    },
    state: 'État',
  },
  en: {
    title: (h: SurveyHeader) => `Evaluation no. ${h.number}: ${h.gridTitle}`,
    intro: (h: SurveyHeader) =>
      `The Caf invites your organisation to fill in its evaluation grid: ${count(h.levels, 'en', 'level', 'levels')} × ${count(h.questions, 'en', 'question', 'questions')}. You may save a draft and complete it until the deadline.`,
    deadline: 'Deadline',
    grid: 'Grid',
    open: 'Fill in the grid',
    progress: (filled: number, total: number, state: SurveyAnswerState) =>
      state === 'finished'
        ? `Your organisation finished its grid (${filled} of ${total} cells).`
        : `Your organisation filled ${count(filled, 'en', 'cell', 'cells')} of ${total} (draft).`,
    ended: {
      closed: 'This evaluation is closed: the grid can no longer be changed.',
      cancelled: 'This evaluation was cancelled: there is no grid to fill in any more.',
    },
    reminderTitle: (h: SurveyHeader) => `Reminder: evaluation no. ${h.number}, ${h.gridTitle}`,
    reminderText: (state: SurveyAnswerState, deadline: string) =>
      state === 'draft'
        ? `Your grid is saved as a draft, not finished. Complete and finish it before ${deadline}.`
        : `Your organisation has not filled in the grid yet. Deadline: ${deadline}.`,
    reminderNotStarted: (deadline: string) =>
      `You have not filled in your grid yet. Deadline: ${deadline}.`,
    deadlineTitle: (h: SurveyHeader) => `Evaluation no. ${h.number}: new deadline`,
    deadlineText: (h: SurveyHeader, deadline: string) =>
      `The deadline of evaluation no. ${h.number} (${h.gridTitle}) changes: it is now ${deadline}.`,
    cancelTitle: (h: SurveyHeader) => `Evaluation no. ${h.number} cancelled`,
    cancelText: (h: SurveyHeader) =>
      `Evaluation no. ${h.number} (${h.gridTitle}) is cancelled: there is no grid to fill in any more.`,
    resultsTitle: (h: SurveyHeader) => `Results of evaluation no. ${h.number}: ${h.gridTitle}`,
    resultsIntro: (finished: number, started: number, invited: number | null) =>
      invited === null
        ? `${count(finished, 'en', 'participant', 'participants')} finished the grid, ${started - finished} in draft.`
        : `${finished} of ${count(invited, 'en', 'organisation', 'organisations')} finished the grid, ${started - finished} in draft.`,
    cell: (contributions: number, mean: number | null, max: number) =>
      `${count(contributions, 'en', 'contribution', 'contributions')}${mean === null ? '' : `, mean rating ${mean} of ${max}`}`,
    heatmap: 'Heat map of the grid',
    listTitle: (number: number, gridTitle: string) => `Evaluation no. ${number} — ${gridTitle}`,
    listDeadline: (deadline: string) => `Deadline: ${deadline}.`,
    listOpen: (number: number) => `Fill in the grid (no. ${number})`,
    listState: {
      not_started: 'Your organisation has not filled in the grid yet.',
      draft: 'Your grid is saved as a draft, not finished.',
      finished: 'Your organisation finished its grid.',
    },
    statusTitle: (h: SurveyHeader) => `Status of evaluation no. ${h.number}: ${h.gridTitle}`,
    statusGroup: {
      finished: 'Grid finished',
      draft: 'In draft',
      not_started: 'Not filled in yet',
    },
    state: 'State',
  },
} as const;

export function surveyInvitationMessage(o: {
  survey: SurveyHeader;
  locale: Locale;
  progress?: { filled: number; total: number; state: SurveyAnswerState };
  status?: RoundStatus;
}): NeutralMessage {
  const t = T[o.locale];
  const ended = o.status === 'closed' || o.status === 'cancelled' ? o.status : undefined;
  return withFallback({
    kind: o.progress ? 'round.progress' : 'round.invitation',
    locale: o.locale,
    title: t.title(o.survey),
    text: [
      ...(ended ? [t.ended[ended]] : []),
      t.intro(o.survey),
      ...(o.survey.gridDescription ? [o.survey.gridDescription] : []),
    ],
    fields: [
      {
        label: t.deadline,
        value: formatDeadline(o.survey.deadline, o.locale, o.survey.timezone),
      },
    ],
    sections: [],
    actions: ended
      ? []
      : [{ type: 'avis.open', label: t.open, roundId: o.survey.id, style: 'primary' }],
    ...(o.progress
      ? { context: t.progress(o.progress.filled, o.progress.total, o.progress.state) }
      : {}),
  });
}

export function surveyReminderMessage(o: {
  survey: SurveyHeader;
  state: SurveyAnswerState;
  locale: Locale;
  /** To a participant of a per-person round (by e-mail), in their own name. */
  participant?: boolean;
}): NeutralMessage {
  const t = T[o.locale];
  const deadline = formatDeadline(o.survey.deadline, o.locale, o.survey.timezone);
  return withFallback({
    kind: 'round.reminder',
    locale: o.locale,
    title: t.reminderTitle(o.survey),
    text: [
      // A participant is reminded in their own name, not an organisation's.
      o.participant && o.state !== 'draft'
        ? t.reminderNotStarted(deadline)
        : t.reminderText(o.state, deadline),
    ],
    fields: [{ label: t.deadline, value: deadline }],
    sections: [],
    actions: [{ type: 'avis.open', label: t.open, roundId: o.survey.id, style: 'primary' }],
  });
}

export function surveyDeadlineChangedMessage(o: {
  survey: SurveyHeader;
  locale: Locale;
}): NeutralMessage {
  const t = T[o.locale];
  const deadline = formatDeadline(o.survey.deadline, o.locale, o.survey.timezone);
  return withFallback({
    kind: 'round.announcement',
    locale: o.locale,
    title: t.deadlineTitle(o.survey),
    text: [t.deadlineText(o.survey, deadline)],
    fields: [{ label: t.deadline, value: deadline }],
    sections: [],
    actions: [],
  });
}

export function surveyCancellationMessage(o: {
  survey: SurveyHeader;
  locale: Locale;
}): NeutralMessage {
  const t = T[o.locale];
  return withFallback({
    kind: 'round.announcement',
    locale: o.locale,
    title: t.cancelTitle(o.survey),
    text: [t.cancelText(o.survey)],
    fields: [],
    sections: [],
    actions: [],
  });
}

/**
 * The results: participation, then one section per level listing each question's count of
 * contributions and mean rating; the heat map as an image when the deployment serves one.
 */
export function surveyResultsMessage(o: {
  survey: SurveyHeader;
  locale: Locale;
  participation: { invited: number | null; started: number; finished: number };
  levels: {
    label: string;
    cells: { question: string; contributions: number; mean: number | null }[];
  }[];
  scale: number;
  heatmap?: { url: string; alt: string };
}): NeutralMessage {
  const t = T[o.locale];
  return withFallback({
    kind: 'round.results',
    locale: o.locale,
    title: t.resultsTitle(o.survey),
    text: [
      t.resultsIntro(o.participation.finished, o.participation.started, o.participation.invited),
    ],
    fields: [],
    sections: [
      ...(o.heatmap ? [{ title: t.heatmap, text: '', chart: o.heatmap }] : []),
      ...o.levels.map((l) => ({
        title: l.label,
        text: l.cells
          .map((c) => `• ${c.question} : ${t.cell(c.contributions, c.mean, o.scale)}`)
          .join('\n'),
      })),
    ],
    actions: [],
  });
}

/**
 * An open evaluation as the chat lists show it (« consultations », App Home): its title and one
 * line, the deadline then, for the Caf, how many organisations finished the grid, for a
 * partner, where its own grid stands.
 */
export function surveyListEntry(o: {
  number: number;
  gridTitle: string;
  deadline: Date;
  timezone: string;
  locale: Locale;
  participation: { invited: number | null; started: number; finished: number };
  /** The member's organisation's grid (partners); absent: the Caf's tally. */
  state?: SurveyAnswerState;
}): { title: string; text: string; openLabel: string } {
  const t = T[o.locale];
  const p = o.participation;
  return {
    title: t.listTitle(o.number, o.gridTitle),
    openLabel: t.listOpen(o.number),
    text: `${t.listDeadline(formatDeadline(o.deadline, o.locale, o.timezone))} ${
      o.state ? t.listState[o.state] : t.resultsIntro(p.finished, p.started, p.invited)
    }`,
  };
}

/**
 * « statut » of an evaluation: how many finished and are in draft, the deadline and the round's
 * state; for the Caf, which organisations stand where (per organisation); for a partner, where
 * its own grid stands (never the others').
 */
export function surveyStatusMessage(o: {
  survey: SurveyHeader;
  status: RoundStatus;
  locale: Locale;
  participation: { invited: number | null; started: number; finished: number };
  /** The Caf's view: each invited organisation's state (per organisation only). */
  organisations?: { name: string; state: SurveyAnswerState }[] | null;
  /** A partner's view: its own organisation's grid. */
  own?: SurveyAnswerState;
}): NeutralMessage {
  const t = T[o.locale];
  const p = o.participation;
  const groups = (['finished', 'draft', 'not_started'] as const)
    .map((state) => ({
      state,
      names: (o.organisations ?? []).filter((x) => x.state === state).map((x) => x.name),
    }))
    .filter((g) => g.names.length > 0);
  return withFallback({
    kind: 'notice',
    locale: o.locale,
    title: t.statusTitle(o.survey),
    text: [
      t.resultsIntro(p.finished, p.started, p.invited),
      ...(o.own ? [t.listState[o.own]] : []),
    ],
    fields: [
      { label: t.deadline, value: formatDeadline(o.survey.deadline, o.locale, o.survey.timezone) },
      { label: t.state, value: (o.locale === 'en' ? ROUND_STATUS_EN : ROUND_STATUS_FR)[o.status] },
    ],
    sections: groups.map((g) => ({
      title: `${t.statusGroup[g.state]} (${g.names.length})`,
      text: g.names.map((n) => `• ${n}`).join('\n'),
    })),
    actions: [],
  });
}
