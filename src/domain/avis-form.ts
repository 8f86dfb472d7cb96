import { AVIS_LABELS, CHOICES_REQUIRING_REASON } from './avis';
import { chatWords } from './chat-words';
import { FOLLOWUP_LABELS, type FollowupResponse } from './followup';
import { AVIS_CHOICES, MAX_COMMENT_LENGTH, type AvisChoice, type Locale } from './types';

/**
 * The avis form, neutral: what a partner fills to give its organisation's avis, enjeu by enjeu,
 * built once here and only drawn by each channel (Slack modal, Teams card, Teams tab, web ballot).
 *
 * A form model is plain data in the reader's language: for each enjeu its texts, one choice
 * field (options and labels) and one comment field (label, hint, length, which choices require
 * it), the value to show (the organisation's current avis, or what was just typed), the errors
 * written under each field, and the follow-up of earlier avis. Channels add only what is theirs
 * (block ids, input ids, markup, their own size limits). A new kind of form follows the same
 * pattern: a `…Form` interface of fields, a pure builder taking values and field errors, and the
 * words in catalogue/fr.ts and en.ts.
 */
export interface AvisForm {
  locale: Locale;
  /** The form's title (a modal's, a page's heading). */
  title: string;
  /** « Donnez l'avis de votre organisation sur chaque enjeu de … » (when the draft is known). */
  intro?: string;
  enjeux: AvisFormEnjeu[];
  /** Errors about the whole form, not one field (deadline passed, unknown enjeu…). */
  errors: string[];
  submit: string;
}

export interface AvisFormEnjeu {
  id: string;
  position: number;
  title: string;
  /** « Enjeu 2 : Définir un cadre… » */
  heading: string;
  /** The enjeu's text as the draft has it (Markdown); each channel renders or neutralises it. */
  text: string;
  change?: 'added' | 'changed' | 'unchanged';
  choice: AvisChoiceField;
  comment: AvisCommentField;
  /** Sentences on the earlier avis this enjeu takes up and the Caf's follow-up of it. */
  followups: string[];
  /** « Avis actuel de votre organisation : Favorable. » when one is recorded. */
  current?: string;
}

export interface AvisChoiceField {
  /** The field's name in validateAvis's errors: `<enjeuId>.choice`. */
  field: string;
  /** « Avis sur l'enjeu 2 » */
  label: string;
  options: { value: AvisChoice; label: string; requiresComment: boolean }[];
  /** The choice for « no avis yet » where a channel offers one (web radio buttons). */
  none: string;
  /** « à motiver », next to the options that require a comment. */
  requiresCommentMark: string;
  value?: AvisChoice;
  errors: string[];
}

export interface AvisCommentField {
  /** `<enjeuId>.comment` */
  field: string;
  /** « Commentaire sur l'enjeu 2 » */
  label: string;
  /** Required for réserves and défavorable; its maximum length. */
  hint: string;
  placeholder: string;
  maxLength: number;
  /** The choices that make the comment required (validateAvis's rule). */
  requiredFor: readonly AvisChoice[];
  value?: string;
  errors: string[];
}

export interface AvisFormInput {
  locale: Locale;
  /** The draft's title, for the intro. */
  draftTitle?: string;
  enjeux: {
    id: string;
    position: number;
    title: string;
    text: string;
    change?: 'added' | 'changed' | 'unchanged';
  }[];
  /** Values to show by enjeu id: the organisation's current avis, or what was just typed. */
  values?: Record<string, { choice?: AvisChoice | null; comment?: string | null } | undefined>;
  /** The organisation's recorded avis (for « Avis actuel… »), when it differs from `values`. */
  recorded?: Record<string, { choice: AvisChoice } | undefined>;
  /** Refusals as validateAvis / avisFormProblems field them (`<enjeuId>.choice`…), worded. */
  errors?: { field?: string | undefined; message: string }[];
  /** Earlier avis taken up by these enjeux, with the Caf's response (web ballot, tab). */
  followups?: {
    version: number;
    items: {
      enjeuPosition: number;
      choice: AvisChoice;
      response: FollowupResponse | null;
      nextEnjeuId?: string;
    }[];
  };
}

/** The enjeu a field error is under: `<enjeuId>.choice`, `<enjeuId>.comment` or the id itself. */
function enjeuOfField(field: string | undefined, ids: string[]): string | undefined {
  if (!field) return undefined;
  return ids.find((id) => field === id || field.startsWith(`${id}.`) || field.includes(id));
}

/** Builds the avis form: see AvisForm. Enjeux in their order (position). */
export function avisForm(input: AvisFormInput): AvisForm {
  const w = chatWords(input.locale).avisForm;
  const locale = input.locale;
  const ids = input.enjeux.map((e) => e.id);
  const errors = input.errors ?? [];
  const fieldErrorsOf = (id: string, part: 'choice' | 'comment') =>
    errors
      .filter(
        (e) =>
          enjeuOfField(e.field, ids) === id &&
          (part === 'comment' ? e.field?.endsWith('.comment') : !e.field?.endsWith('.comment')),
      )
      .map((e) => e.message);
  const enjeux = [...input.enjeux]
    .sort((a, b) => a.position - b.position)
    .map((e): AvisFormEnjeu => {
      const value = input.values?.[e.id];
      const recorded = input.recorded ? input.recorded[e.id] : value;
      const followups = (input.followups?.items ?? [])
        .filter((f) => f.nextEnjeuId === e.id && f.response)
        .map((f) =>
          w.carried({
            position: f.enjeuPosition,
            version: input.followups!.version,
            choice: AVIS_LABELS[f.choice][locale],
            response: FOLLOWUP_LABELS[f.response!][locale],
          }),
        );
      return {
        id: e.id,
        position: e.position,
        title: e.title,
        heading: w.enjeu(e.position, e.title),
        text: e.text,
        ...(e.change ? { change: e.change } : {}),
        choice: {
          field: `${e.id}.choice`,
          label: w.choice(e.position),
          options: AVIS_CHOICES.map((c) => ({
            value: c,
            label: AVIS_LABELS[c][locale],
            requiresComment: CHOICES_REQUIRING_REASON.includes(c),
          })),
          none: w.noChoiceYet,
          requiresCommentMark: w.needsReason,
          ...(value?.choice ? { value: value.choice } : {}),
          errors: fieldErrorsOf(e.id, 'choice'),
        },
        comment: {
          field: `${e.id}.comment`,
          label: w.comment(e.position),
          hint: w.commentHint(MAX_COMMENT_LENGTH),
          placeholder: w.commentPlaceholder,
          maxLength: MAX_COMMENT_LENGTH,
          requiredFor: CHOICES_REQUIRING_REASON,
          ...(value?.comment ? { value: value.comment } : {}),
          errors: fieldErrorsOf(e.id, 'comment'),
        },
        followups,
        ...(recorded?.choice ? { current: w.current(AVIS_LABELS[recorded.choice][locale]) } : {}),
      };
    });
  return {
    locale,
    title: w.title,
    ...(input.draftTitle ? { intro: w.intro(input.draftTitle) } : {}),
    enjeux,
    errors: errors.filter((e) => !enjeuOfField(e.field, ids)).map((e) => e.message),
    submit: w.submit,
  };
}
