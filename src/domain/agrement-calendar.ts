/**
 * The Caf's renewal calendar for an agrément: which reminders to plan, and when, before (and
 * just after) its end date. Pure: `now` and the time zone come in as arguments.
 *
 * Practice behind the defaults (the Cafs' renewal calendar): the renewal starts about 14 months before the
 * end; evaluation and shared diagnostic run 12 to 8 months before; the projet social reaches the
 * Caf about 6 months before; the commission d'action sociale decides about 3 months before.
 */
import {
  addDays,
  addMonths,
  formatDateFr,
  nextWorkingDay,
  parseIsoDate,
  previousWorkingDay,
  REMINDER_HOUR,
  atLocalTime,
  localDate,
} from './calendar';
import type { SettingsProblem } from './catalogue/fr';
import { DomainError } from './errors';
import type { Locale } from './types';

export const AGREMENT_STEPS = [
  'renewal_start',
  'evaluation',
  'projet_social',
  'commission',
  'one_month',
  'end_date',
  'expired',
] as const;
export type AgrementStep = (typeof AGREMENT_STEPS)[number];

/**
 * How long before the end date a step falls: `months` first, then `days`, both subtracted from
 * the end date. A negative value falls after it (`expired`, `{ days: -1 }`, is the day after).
 */
export interface AgrementOffset {
  months?: number;
  days?: number;
}
export type AgrementOffsets = Record<AgrementStep, AgrementOffset>;

// Frozen all the way down: parseAgrementOffsets hands these very objects out for unset steps.
export const DEFAULT_AGREMENT_OFFSETS: Readonly<Record<AgrementStep, Readonly<AgrementOffset>>> =
  Object.freeze({
    renewal_start: Object.freeze({ months: 14 }),
    evaluation: Object.freeze({ months: 8 }),
    projet_social: Object.freeze({ months: 6 }),
    commission: Object.freeze({ months: 3 }),
    one_month: Object.freeze({ months: 1 }),
    end_date: Object.freeze({ months: 0 }),
    expired: Object.freeze({ days: -1 }),
  });

export const AGREMENT_STEP_LABELS: Readonly<Record<AgrementStep, Record<Locale, string>>> = {
  renewal_start: {
    fr: "Lancer le renouvellement de l'agrément",
    en: 'Start the renewal of the agrément',
  },
  evaluation: {
    fr: 'Évaluation du projet et diagnostic partagé',
    en: 'Evaluation of the project and shared diagnostic',
  },
  projet_social: {
    fr: 'Dépôt du projet social à la Caf',
    en: 'Submit the projet social to the Caf',
  },
  commission: {
    fr: "Passage en commission d'action sociale",
    en: "Review by the Caf's commission d'action sociale",
  },
  one_month: { fr: "Fin d'agrément dans un mois", en: 'The agrément ends in one month' },
  end_date: { fr: "Dernier jour de l'agrément", en: 'Last day of the agrément' },
  expired: { fr: 'Agrément expiré sans renouvellement', en: 'Agrément expired without renewal' },
};

/** What the structure (or, for `expired`, the pilot) should do at each step. */
export const AGREMENT_STEP_ADVICE: Readonly<Record<AgrementStep, Record<Locale, string>>> = {
  renewal_start: {
    fr: "Prévenez votre conseiller Caf, constituez l'équipe de pilotage et fixez le calendrier de l'évaluation et de l'écriture du nouveau projet social.",
    en: 'Tell your Caf adviser, set up the steering group and schedule the evaluation and the writing of the new projet social.',
  },
  evaluation: {
    fr: "Terminez l'évaluation du projet en cours et le diagnostic partagé avec les habitants et les partenaires : ils fondent le nouveau projet social.",
    en: 'Finish evaluating the current project and the diagnostic shared with residents and partners: the new projet social builds on them.',
  },
  projet_social: {
    fr: "Déposez le projet social complet (évaluation, diagnostic, axes, plan d'action, budget) auprès de la Caf pour instruction.",
    en: 'Submit the complete projet social (evaluation, diagnostic, priorities, action plan, budget) to the Caf for review.',
  },
  commission: {
    fr: "La commission d'action sociale de la Caf examine le dossier : restez disponible pour répondre aux questions de votre conseiller.",
    en: "The Caf's commission d'action sociale reviews the file: stay available for your adviser's questions.",
  },
  one_month: {
    fr: "L'agrément se termine dans un mois : vérifiez avec la Caf que la décision de renouvellement a bien été notifiée.",
    en: 'The agrément ends in one month: check with the Caf that the renewal decision has been notified.',
  },
  end_date: {
    fr: "C'est le dernier jour de l'agrément : sans décision de renouvellement, la prestation de service s'arrête demain.",
    en: 'This is the last day of the agrément: without a renewal decision, the Caf funding stops tomorrow.',
  },
  expired: {
    fr: "L'agrément a expiré sans renouvellement enregistré : contactez la structure et mettez à jour le registre.",
    en: 'The agrément expired with no renewal recorded: contact the structure and update the register.',
  },
};

/** Bounds on a configured offset, in either direction (a 4-year agrément is 48 months). */
const MAX_OFFSET_MONTHS = 48;
const MAX_OFFSET_DAYS = 1461;

function settingsInvalid(problem: SettingsProblem): DomainError {
  return new DomainError('SETTINGS_INVALID', problem, problem.field);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `agrementOffsets` from a tenant's settings JSON and merges it over the defaults.
 * A configured step replaces that step's default as a whole: `{ evaluation: { days: 240 } }`
 * means 240 days before the end, not 8 months and 240 days. Other keys of `settings` are ignored.
 *
 * Rules: offsets are whole numbers of months (≤ 48) and days (≤ 1461); every step but `expired`
 * falls on or before the end date, `expired` strictly after it. Unknown step names are refused
 * rather than ignored, so a typo does not silently keep the default.
 */
export function parseAgrementOffsets(settings: unknown): AgrementOffsets {
  const offsets: AgrementOffsets = { ...DEFAULT_AGREMENT_OFFSETS };
  if (settings === undefined || settings === null) return offsets;
  if (!isPlainObject(settings)) {
    throw settingsInvalid({ field: 'settings', problem: 'not_object' });
  }
  const raw = settings.agrementOffsets;
  if (raw === undefined || raw === null) return offsets;
  if (!isPlainObject(raw)) {
    throw settingsInvalid({ field: 'agrementOffsets', problem: 'offsets_not_object' });
  }
  for (const [step, value] of Object.entries(raw)) {
    const field = `agrementOffsets.${step}`;
    if (!(AGREMENT_STEPS as readonly string[]).includes(step)) {
      throw settingsInvalid({ field, problem: 'unknown_step', steps: AGREMENT_STEPS.join(', ') });
    }
    if (!isPlainObject(value)) {
      throw settingsInvalid({ field, problem: 'offset_not_object' });
    }
    const unknownKeys = Object.keys(value).filter((k) => k !== 'months' && k !== 'days');
    if (unknownKeys.length > 0) {
      throw settingsInvalid({ field, problem: 'unknown_key', key: String(unknownKeys[0]) });
    }
    const offset: AgrementOffset = {};
    for (const [unit, max] of [
      ['months', MAX_OFFSET_MONTHS],
      ['days', MAX_OFFSET_DAYS],
    ] as const) {
      const n = value[unit];
      if (n === undefined) continue;
      if (typeof n !== 'number' || !Number.isInteger(n) || Math.abs(n) > max) {
        throw settingsInvalid({ field: `${field}.${unit}`, problem: 'not_integer', unit, max });
      }
      offset[unit] = n;
    }
    if (offset.months === undefined && offset.days === undefined) {
      throw settingsInvalid({ field, problem: 'no_offset' });
    }
    const months = offset.months ?? 0;
    const days = offset.days ?? 0;
    if (step === 'expired') {
      if (months > 0 || days > 0 || (months === 0 && days === 0)) {
        throw settingsInvalid({ field, problem: 'expiry_not_after_end' });
      }
    } else if (months < 0 || days < 0) {
      throw settingsInvalid({ field, problem: 'step_after_end' });
    }
    offsets[step as AgrementStep] = offset;
  }
  return offsets;
}

export interface PlannedAgrementReminder {
  step: AgrementStep;
  /** The working day (ISO date) the reminder is sent on. */
  dueDate: string;
  /** 9:00 local time on `dueDate`. */
  dueAt: Date;
}

export interface PlanAgrementRemindersOptions {
  /** Last day of the agrément (ISO date). */
  endDate: string;
  /** Usually `parseAgrementOffsets(tenant.settings)`. */
  offsets: AgrementOffsets;
  /** Steps due at or before this instant are not planned. */
  now: Date;
  /** IANA zone of the Caf, e.g. `Europe/Paris`. */
  timezone: string;
}

/**
 * One reminder per step still to come, ordered by `dueAt`.
 *
 * Each step's date is the end date minus its offset, moved to the next working day, at 9:00
 * local time. One exception: a step that falls on or before the end date is never moved past
 * it — when the end date is itself a day off (agréments often end on 31 December), "dernier jour
 * de l'agrément" goes out on the last working day before it instead of after the agrément ended.
 */
export function planAgrementReminders(
  options: PlanAgrementRemindersOptions,
): PlannedAgrementReminder[] {
  const { endDate, offsets, now, timezone } = options;
  parseIsoDate(endDate, 'endDate');
  const planned: PlannedAgrementReminder[] = [];
  for (const step of AGREMENT_STEPS) {
    const offset = offsets[step];
    const rawDate = addDays(addMonths(endDate, -(offset.months ?? 0)), -(offset.days ?? 0));
    let dueDate = nextWorkingDay(rawDate);
    if (rawDate <= endDate && dueDate > endDate) dueDate = previousWorkingDay(rawDate);
    const dueAt = atLocalTime(dueDate, REMINDER_HOUR, 0, timezone);
    if (dueAt.getTime() > now.getTime()) planned.push({ step, dueDate, dueAt });
  }
  // Stable sort: steps due the same morning keep the calendar's order.
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * An agrément lasts from 1 to 4 years, `start` and `end` both included: from 2024-06-01 the end
 * may be 2025-05-31 at the earliest and 2028-05-31 at the latest.
 */
export function validateAgrementPeriod(start: string, end: string): void {
  parseIsoDate(start, 'startDate');
  parseIsoDate(end, 'endDate');
  if (end <= start) {
    throw new DomainError(
      'AGREMENT_DATES_INVERTED',
      { start: formatDateFr(start), end: formatDateFr(end) },
      'endDate',
    );
  }
  const latestEnd = addDays(addMonths(start, 48), -1);
  if (end > latestEnd) {
    throw new DomainError(
      'AGREMENT_TOO_LONG',
      { start: formatDateFr(start), latestEnd: formatDateFr(latestEnd) },
      'endDate',
    );
  }
  const earliestEnd = addDays(addMonths(start, 12), -1);
  if (end < earliestEnd) {
    throw new DomainError(
      'AGREMENT_TOO_SHORT',
      { start: formatDateFr(start), earliestEnd: formatDateFr(earliestEnd) },
      'endDate',
    );
  }
}

/**
 * The step at which the structure receives the Caf's evaluation grid, when one is attached
 * (`concerto agrement grille`): « Évaluation du projet et diagnostic partagé », 8 months before the
 * end by default.
 */
export const AGREMENT_EVALUATION_STEP: AgrementStep = 'evaluation';

/** The evaluation's answers are due this long before the projet social (the step after it). */
export const EVALUATION_MONTHS_BEFORE_PROJET_SOCIAL = 1;
/** …but never less than this many days after it is sent. */
export const EVALUATION_MIN_DAYS = 14;
/** The hour of that deadline in the Caf's zone, as for a consultation (LAUNCH_DEFAULTS). */
export const EVALUATION_DEADLINE_HOUR = 18;

/**
 * The deadline of the evaluation sent at the evaluation step: the structure's answers feed the
 * projet social, due at the next step (`projet_social`, 6 months before the end), so they are
 * due one month before it — 18:00 in the Caf's zone on the last working day on or before that
 * date (7 months before the end with the default offsets). When the Caf's offsets leave less
 * than 14 days until then, the working day before the projet social; when even that is less than
 * 14 days away, the first working day 14 days from now.
 */
export function agrementEvaluationDeadline(o: {
  endDate: string;
  offsets: AgrementOffsets;
  now: Date;
  timezone: string;
}): Date {
  const next = o.offsets.projet_social;
  const projetSocial = addDays(addMonths(o.endDate, -(next.months ?? 0)), -(next.days ?? 0));
  const earliest = addDays(localDate(o.now, o.timezone), EVALUATION_MIN_DAYS);
  let day = previousWorkingDay(addMonths(projetSocial, -EVALUATION_MONTHS_BEFORE_PROJET_SOCIAL));
  if (day < earliest) day = previousWorkingDay(addDays(projetSocial, -1));
  if (day < earliest) day = nextWorkingDay(earliest);
  return atLocalTime(day, EVALUATION_DEADLINE_HOUR, 0, o.timezone);
}
