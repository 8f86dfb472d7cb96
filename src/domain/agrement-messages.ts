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
