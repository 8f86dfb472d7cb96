import {
  FOLLOWUP_LABELS,
  FOLLOWUP_RESPONSES,
  MAX_JUSTIFICATION_LENGTH,
} from '../../../domain/followup';
import type { AvisChoice, Locale } from '../../../domain/types';
import { strings } from '../i18n';
import { mrkdwn, plain, safeText, SLACK_LIMITS, type KnownBlock, type ModalView } from './blocks';
import { optionWithTail } from './modals';

// ---------------------------------------------------------------------------------------------
// The follow-up modal (pilots): what the Caf did with a réserve, a défavorable or a comment

export const FOLLOWUP_MODAL_CALLBACK_ID = 'followup.submit';

export const FOLLOWUP_BLOCK_IDS = {
  avis: 'suivi:avis',
  response: 'suivi:reponse',
  justification: 'suivi:justification',
  next: 'suivi:suivant',
} as const;

export interface FollowupModalInput {
  locale: Locale;
  roundId: string;
  roundNumber: number;
  draftTitle: string;
  /** The avis that call for a follow-up; `value` names the organisation and the enjeu. */
  items: {
    value: string;
    enjeuPosition: number;
    organisationCode: string;
    organisationName: string;
    choice: AvisChoice;
    pending: boolean;
  }[];
  /** Enjeux of later versions of the same schéma. */
  laterEnjeux: { id: string; version: number; position: number; title: string }[];
}

/** The value of an avis option: « <enjeu position>:<organisation code> » (parse.ts reads it). */
export function followupAvisValue(position: number, organisationCode: string): string {
  return `${position}:${organisationCode}`;
}

export function buildFollowupModal(input: FollowupModalInput): ModalView {
  const t = strings(input.locale);
  const items = [...input.items]
    .sort((a, b) => Number(b.pending) - Number(a.pending))
    .slice(0, SLACK_LIMITS.selectOptions);
  const avisOptions = items.map((i) =>
    optionWithTail(
      i.value,
      `${t.enjeu(i.enjeuPosition)} · ${i.organisationName}`,
      ` (${i.organisationCode}) · ${t.choices[i.choice]}${i.pending ? ` · ${t.followupPending}` : ''}`,
    ),
  );
  const responses = FOLLOWUP_RESPONSES.map((r) => ({
    text: plain(FOLLOWUP_LABELS[r][input.locale], SLACK_LIMITS.optionText),
    value: r,
  }));
  const later = input.laterEnjeux
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((e) => optionWithTail(e.id, e.title, ` — v${e.version}, ${t.enjeu(e.position)}`));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        safeText(t.followupIntro(input.roundNumber, input.draftTitle), SLACK_LIMITS.sectionText),
      ),
    },
    {
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.avis,
      label: plain(t.followupAvis, SLACK_LIMITS.inputLabel),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: avisOptions,
        ...(avisOptions[0] ? { initial_option: avisOptions[0] } : {}),
      },
    },
    {
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.response,
      label: plain(t.followupResponse, SLACK_LIMITS.inputLabel),
      element: { type: 'radio_buttons', action_id: 'value', options: responses },
    },
    {
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.justification,
      label: plain(t.followupJustification, SLACK_LIMITS.inputLabel),
      hint: plain(t.followupJustificationHint, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: MAX_JUSTIFICATION_LENGTH,
      },
    },
  ];
  if (later.length > 0)
    blocks.push({
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.next,
      optional: true,
      label: plain(t.followupNext, SLACK_LIMITS.inputLabel),
      element: { type: 'static_select', action_id: 'value', options: later },
    });
  return {
    type: 'modal',
    callback_id: FOLLOWUP_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify({ roundId: input.roundId }),
    title: plain(t.followupModalTitle, SLACK_LIMITS.modalTitle),
    submit: plain(t.save, SLACK_LIMITS.modalTitle),
    close: plain(t.cancel, SLACK_LIMITS.modalTitle),
    blocks,
  };
}
