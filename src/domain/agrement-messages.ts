import { AGREMENT_STEP_ADVICE, AGREMENT_STEP_LABELS, type AgrementStep } from './agrement-calendar';
import { formatDateFr } from './calendar';
import { withFallback, type NeutralMessage } from './messages';
import type { AgrementKind, AgrementStatus, Locale } from './types';

/** Neutral messages of the agrément register: renewal reminders, expiry alert, weekly digest lines. */

export const AGREMENT_STATUS_LABELS: Readonly<Record<AgrementStatus, Record<Locale, string>>> = {
  active: { fr: 'en cours', en: 'active' },
  renewal_in_progress: { fr: 'renouvellement en cours', en: 'renewal in progress' },
  renewed: { fr: 'renouvelé', en: 'renewed' },
  expired: { fr: 'expiré', en: 'expired' },
  ended: { fr: 'terminé', en: 'ended' },
};

export const AGREMENT_KIND_LABELS: Readonly<Record<AgrementKind, Record<Locale, string>>> = {
  animation_globale: {
    fr: 'Animation globale (centre social)',
    en: 'Animation globale (centre social)',
  },
  animation_collective_familles: {
    fr: 'Animation collective familles',
    en: 'Animation collective familles',
  },
  evs: { fr: 'Espace de vie sociale (EVS)', en: 'Espace de vie sociale (EVS)' },
};

export interface AgrementSummary {
  structureName: string;
  structureCode: string;
  kind: AgrementKind;
  /** ISO dates. */
  startDate: string;
  endDate: string;
}

function formatDateEn(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const T = {
  fr: {
    title: (step: AgrementStep, a: AgrementSummary) =>
      `${AGREMENT_STEP_LABELS[step].fr} : ${a.structureName}`,
    intro: (a: AgrementSummary, end: string) =>
      `L'agrément « ${AGREMENT_KIND_LABELS[a.kind].fr} » de ${a.structureName} se termine le ${end}.`,
    expiredIntro: (a: AgrementSummary, end: string) =>
      `L'agrément « ${AGREMENT_KIND_LABELS[a.kind].fr} » de ${a.structureName} a pris fin le ${end} et aucun renouvellement n'est enregistré.`,
    structure: 'Structure',
    kind: "Type d'agrément",
    period: 'Période',
    periodValue: (s: string, e: string) => `du ${s} au ${e}`,
    date: formatDateFr,
    context: 'Rappel automatique du calendrier de renouvellement de la Caf.',
  },
  en: {
    title: (step: AgrementStep, a: AgrementSummary) =>
      `${AGREMENT_STEP_LABELS[step].en}: ${a.structureName}`,
    intro: (a: AgrementSummary, end: string) =>
      `The “${AGREMENT_KIND_LABELS[a.kind].en}” agrément of ${a.structureName} ends on ${end}.`,
    expiredIntro: (a: AgrementSummary, end: string) =>
      `The “${AGREMENT_KIND_LABELS[a.kind].en}” agrément of ${a.structureName} ended on ${end} and no renewal is recorded.`,
    structure: 'Structure',
    kind: 'Kind of agrément',
    period: 'Period',
    periodValue: (s: string, e: string) => `${s} to ${e}`,
    date: formatDateEn,
    context: "Automatic reminder from the Caf's renewal calendar.",
  },
};

/**
 * The reminder of one step of the renewal calendar, for the structure and the pilots alike;
 * for `expired`, the alert sent to the pilots only.
 */
export function agrementReminderMessage(o: {
  step: AgrementStep;
  agrement: AgrementSummary;
  locale: Locale;
}): NeutralMessage {
  const t = T[o.locale];
  const a = o.agrement;
  const end = t.date(a.endDate);
  const expired = o.step === 'expired';
  return withFallback({
    kind: expired ? 'agrement.expired' : 'agrement.reminder',
    locale: o.locale,
    title: t.title(o.step, a),
    text: [
      expired ? t.expiredIntro(a, end) : t.intro(a, end),
      AGREMENT_STEP_ADVICE[o.step][o.locale],
    ],
    fields: [
      { label: t.structure, value: `${a.structureName} (${a.structureCode})` },
      { label: t.kind, value: AGREMENT_KIND_LABELS[a.kind][o.locale] },
      { label: t.period, value: t.periodValue(t.date(a.startDate), end) },
    ],
    sections: [],
    actions: [],
    context: t.context,
  });
}

/** Where the structure's answers to the evaluation sent at the evaluation step stand. */
export type AgrementEvaluationAnswer =
  | { state: 'not_started' }
  | { state: 'draft'; filled: number; total: number }
  | { state: 'finished' };

const EVALUATION_WORDS = {
  fr: {
    round: (n: number) => `évaluation n° ${n}`,
    finished: 'terminée',
    draft: (filled: number, total: number) => `brouillon, ${filled} cases sur ${total}`,
    notStarted: 'rien (aucune réponse)',
    export: (n: number) => `réponses : concerto round export ${n}`,
    none: 'aucune évaluation envoyée',
    unreachableTitle: (name: string) => `Grille d'évaluation non envoyée : ${name}`,
    unreachable: (name: string, code: string, grid: string) =>
      `${name} (${code}) n'a aucun canal (Slack, Teams ou e-mail) : la grille « ${grid} » n'a pas pu lui être envoyée à l'étape « ${AGREMENT_STEP_LABELS.evaluation.fr} ».`,
    unreachableAdvice: "Ajoutez-lui un canal, puis envoyez-lui l'évaluation vous-même.",
  },
  en: {
    round: (n: number) => `evaluation no. ${n}`,
    finished: 'finished',
    draft: (filled: number, total: number) => `draft, ${filled} of ${total} cells`,
    notStarted: 'nothing (no answer)',
    export: (n: number) => `answers: concerto round export ${n}`,
    none: 'no evaluation sent',
    unreachableTitle: (name: string) => `Evaluation grid not sent: ${name}`,
    unreachable: (name: string, code: string, grid: string) =>
      `${name} (${code}) has no channel (Slack, Teams or e-mail): the grid “${grid}” could not be sent at the step “${AGREMENT_STEP_LABELS.evaluation.en}”.`,
    unreachableAdvice: 'Give it a channel, then send it the evaluation yourself.',
  },
} as const;

/** « évaluation n° 12 — brouillon, 5 cases sur 16 » (without a linked round: « aucune… »). */
export function agrementEvaluationText(
  e: { roundNumber: number; answer: AgrementEvaluationAnswer } | null,
  locale: Locale,
): string {
  const w = EVALUATION_WORDS[locale];
  if (!e) return w.none;
  const a = e.answer;
  const state =
    a.state === 'finished'
      ? w.finished
      : a.state === 'draft'
        ? w.draft(a.filled, a.total)
        : w.notStarted;
  return `${w.round(e.roundNumber)} — ${state}`;
}

/** « réponses : concerto round export 12 ». */
export function agrementEvaluationExportHint(roundNumber: number, locale: Locale): string {
  return EVALUATION_WORDS[locale].export(roundNumber);
}

/** To the pilots: the structure has no channel, its evaluation grid was not sent. */
export function agrementEvaluationUnreachableMessage(o: {
  agrement: AgrementSummary;
  gridTitle: string;
  locale: Locale;
}): NeutralMessage {
  const w = EVALUATION_WORDS[o.locale];
  const a = o.agrement;
  return withFallback({
    kind: 'notice',
    locale: o.locale,
    title: w.unreachableTitle(a.structureName),
    text: [w.unreachable(a.structureName, a.structureCode, o.gridTitle), w.unreachableAdvice],
    fields: [],
    sections: [],
    actions: [],
    context: T[o.locale].context,
  });
}
