import type { Locale } from './types';

/**
 * What a pilot's launch form (Slack modal, Teams card) offers to launch: a draft version (a
 * consultation) or one of the Caf's grids (an evaluation). ONE list, built here, that every
 * channel renders as it can (Slack cuts the head within its 75 characters, never the tail).
 */
export interface LaunchSubject {
  /** The choice's value: the draft version's id, or `grille:<code>` for a grid. */
  value: string;
  kind: 'consultation' | 'survey';
  /** The part that may be cut (the title). */
  head: string;
  /** The part that tells two choices apart (version and period); never cut. */
  tail: string;
}

/** A grid's value in the form's subject field (a draft version's is its uuid). */
export const GRID_SUBJECT_PREFIX = 'grille:';

const WORDS = {
  fr: {
    evaluation: 'Évaluation : ',
    version: 'version',
    hint:
      'Une évaluation se remplit une fois par organisation invitée. Les évaluations par ' +
      'personne (codes imprimés) se lancent depuis la console. « Le silence vaut avis ' +
      'favorable » ne s’applique pas à une évaluation : il est ignoré.',
  },
  en: {
    evaluation: 'Evaluation: ',
    version: 'version',
    hint:
      'An evaluation is answered once per invited organisation. Per-person evaluations ' +
      '(printed codes) are launched from the console. « Silence means favourable » does not ' +
      'apply to an evaluation: it is ignored.',
  },
} as const;

/** The draft versions (newest first), then the grids (by code). */
export function launchSubjects(
  drafts: { id: string; title: string; version: number; period: string }[],
  grids: { code: string; title: string }[],
  locale: Locale = 'fr',
): LaunchSubject[] {
  const w = WORDS[locale];
  return [
    ...drafts.map((d) => ({
      value: d.id,
      kind: 'consultation' as const,
      head: d.title,
      tail: ` — ${w.version} ${d.version} (${d.period})`,
    })),
    ...grids.map((g) => ({
      value: `${GRID_SUBJECT_PREFIX}${g.code}`,
      kind: 'survey' as const,
      head: `${w.evaluation}${g.title}`,
      tail: '',
    })),
  ];
}

/** The subject's whole label (channels that do not cut). */
export const launchSubjectLabel = (s: LaunchSubject) => s.head + s.tail;

/** The hint under the subject field: only when the form offers a grid. */
export function launchSubjectHint(subjects: LaunchSubject[], locale: Locale = 'fr') {
  return subjects.some((s) => s.kind === 'survey') ? WORDS[locale].hint : undefined;
}

/** The form's subject field read back: a draft version's id or a grid's code. */
export function readLaunchSubject(
  value: string,
): { kind: 'consultation'; draftVersionId: string } | { kind: 'survey'; gridCode: string } {
  return value.startsWith(GRID_SUBJECT_PREFIX)
    ? { kind: 'survey', gridCode: value.slice(GRID_SUBJECT_PREFIX.length) }
    : { kind: 'consultation', draftVersionId: value };
}
