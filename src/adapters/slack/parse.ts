import { z } from 'zod';
import { AVIS_CHOICES, type AvisChoice } from '../../domain/types';
import { FOLLOWUP_BLOCK_IDS, LAUNCH_BLOCK_IDS, LAUNCH_OPTION_VALUES } from './render';
import { LAUNCH_DEFAULTS } from '../../domain/round-schedule';

/**
 * zod schemas of what Slack sends (only the fields Concerto reads; the rest passes through), and
 * readers of modal state. Identity is read from the payload's team and user only.
 */

const id = z.string().min(1).max(64);

/** A slash command (form body, already decoded by Bolt). */
export const ZSlashCommand = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  team_id: id,
  enterprise_id: z.string().optional(),
  user_id: id,
  user_name: z.string().optional(),
  channel_id: id,
  channel_name: z.string().optional(),
  trigger_id: z.string(),
  response_url: z.string().optional(),
  api_app_id: z.string().optional(),
  is_enterprise_install: z.union([z.string(), z.boolean()]).optional(),
});
export type TSlashCommand = z.infer<typeof ZSlashCommand>;

const ZTeam = z.looseObject({ id, enterprise_id: z.string().optional() }).nullable().optional();
const ZUser = z.looseObject({
  id,
  team_id: z.string().optional(),
  name: z.string().optional(),
  username: z.string().optional(),
  locale: z.string().optional(),
});
const ZEnterprise = z.looseObject({ id }).nullable().optional();

export const ZBlockAction = z.looseObject({
  action_id: z.string(),
  block_id: z.string().optional(),
  type: z.string(),
  value: z.string().optional(),
  action_ts: z.string().optional(),
});

export const ZBlockActions = z.looseObject({
  type: z.literal('block_actions'),
  team: ZTeam,
  enterprise: ZEnterprise,
  user: ZUser,
  trigger_id: z.string(),
  channel: z.looseObject({ id, name: z.string().optional() }).nullable().optional(),
  container: z
    .looseObject({
      type: z.string(),
      message_ts: z.string().optional(),
      channel_id: z.string().optional(),
    })
    .optional(),
  response_url: z.string().optional(),
  actions: z.array(ZBlockAction).min(1),
});
export type TBlockActions = z.infer<typeof ZBlockActions>;

export const ZStateValue = z.looseObject({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: z.looseObject({ value: z.string() }).nullable().optional(),
  selected_options: z.array(z.looseObject({ value: z.string() })).optional(),
  selected_date: z.string().nullable().optional(),
  selected_time: z.string().nullable().optional(),
});
export type TStateValue = z.infer<typeof ZStateValue>;

export const ZViewStateValues = z.record(z.string(), z.record(z.string(), ZStateValue));
export type TViewStateValues = z.infer<typeof ZViewStateValues>;

export const ZViewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  team: ZTeam,
  enterprise: ZEnterprise,
  user: ZUser,
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    hash: z.string().optional(),
    state: z.looseObject({ values: ZViewStateValues }),
  }),
});
export type TViewSubmission = z.infer<typeof ZViewSubmission>;

/** Who is speaking, from the payload's own team and user fields — never from a value or metadata. */
export interface SlackIdentity {
  /** Workspace (team) id of the user. */
  teamId: string;
  /** Enterprise Grid org id, when there is one. */
  enterpriseId?: string;
  userId: string;
}

export function identityOfCommand(c: TSlashCommand): SlackIdentity {
  return {
    teamId: c.team_id,
    userId: c.user_id,
    ...(c.enterprise_id ? { enterpriseId: c.enterprise_id } : {}),
  };
}

/** For interactivity payloads. In an org-wide install `team` can be null: the user's team_id counts. */
export function identityOfInteraction(p: TBlockActions | TViewSubmission): SlackIdentity {
  const teamId = p.team?.id ?? p.user.team_id;
  if (!teamId) throw new Error('Slack payload without a team');
  const enterpriseId = p.enterprise?.id ?? p.team?.enterprise_id;
  return { teamId, userId: p.user.id, ...(enterpriseId ? { enterpriseId } : {}) };
}

/** `/concerto rejoindre ABC-123` → `{ sub: 'rejoindre', args: ['ABC-123'] }` (sub lower-cased, accents kept). */
export function parseCommandText(text: string): { sub: string; args: string[] } {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const [sub = '', ...args] = words;
  return { sub: sub.toLowerCase(), args };
}

export const ZAvisModalMetadata = z.object({ roundId: z.string().min(1).max(100) });
export type TAvisModalMetadata = z.infer<typeof ZAvisModalMetadata>;

/** The round id the vote modal was opened for. Throws on anything else. */
export function parseAvisModalMetadata(privateMetadata: string): TAvisModalMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(privateMetadata);
  } catch {
    throw new Error('avis modal: private_metadata is not JSON');
  }
  return ZAvisModalMetadata.parse(raw);
}

export interface TAvisEntry {
  enjeuId: string;
  /** Null when the user left the enjeu unanswered. */
  choice: AvisChoice | null;
  /** Trimmed; null when empty. */
  comment: string | null;
}

const BLOCK_RE = /^avis:(.+):(choice|comment)$/;

/**
 * `view.state.values` of the vote modal → one entry per enjeu present in the modal, in the order
 * of the blocks. A value that is not one of the four avis is refused (a forged payload), not
 * silently dropped.
 */
export function extractAvis(values: TViewStateValues): TAvisEntry[] {
  const byEnjeu = new Map<string, TAvisEntry>();
  for (const [blockId, actions] of Object.entries(values)) {
    const m = BLOCK_RE.exec(blockId);
    if (!m) continue;
    const enjeuId = m[1] as string;
    const entry = byEnjeu.get(enjeuId) ?? { enjeuId, choice: null, comment: null };
    if (m[2] === 'choice') {
      const v = actions.choice?.selected_option?.value;
      if (v !== undefined && v !== null) {
        if (!(AVIS_CHOICES as readonly string[]).includes(v))
          throw new Error(`avis modal: unknown avis "${v}"`);
        entry.choice = v as AvisChoice;
      }
    } else {
      const c = actions.comment?.value?.trim();
      entry.comment = c ? c : null;
    }
    byEnjeu.set(enjeuId, entry);
  }
  return [...byEnjeu.values()];
}

export interface TLaunchInput {
  draftVersionId: string;
  /** Chosen organisations; with organisationKinds, they add up. Both empty = every partner. */
  organisationIds: string[];
  /** Every organisation of these kinds (communes, centres sociaux…). */
  organisationKinds: string[];
  /** `YYYY-MM-DD`, in the tenant's time zone. */
  deadlineDate: string;
  /** `HH:MM`, in the tenant's time zone. */
  deadlineTime: string;
  /** Days before the deadline; 0 = the morning of the deadline. Sorted, unique. */
  reminderDaysBefore: number[];
  silenceVautFavorable: boolean;
  resultsVisibleDuringRound: boolean;
}

/** A field error of a form, by field name of TLaunchInput (the adapter maps it to a block). */
export class FormFieldError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FormFieldError';
  }
}

/** The launch modal's state → TLaunchInput. Throws FormFieldError on a value Slack's widgets cannot produce or a bad reminder list. */
export function extractLaunch(
  values: TViewStateValues,
  messages: { reminders: string; required: string },
): TLaunchInput {
  const get = (block: string) => values[block]?.value;
  const draftVersionId = get(LAUNCH_BLOCK_IDS.draftVersion)?.selected_option?.value;
  if (!draftVersionId) throw new FormFieldError('draftVersionId', messages.required);
  const deadlineDate = get(LAUNCH_BLOCK_IDS.deadline)?.selected_date;
  if (!deadlineDate || !/^\d{4}-\d{2}-\d{2}$/.test(deadlineDate))
    throw new FormFieldError('deadline', messages.required);
  const deadlineTime =
    get(LAUNCH_BLOCK_IDS.deadlineTime)?.selected_time ?? LAUNCH_DEFAULTS.deadlineTime;
  if (!/^\d{2}:\d{2}$/.test(deadlineTime))
    throw new FormFieldError('deadlineTime', messages.required);
  const remindersText = get(LAUNCH_BLOCK_IDS.reminders)?.value ?? '';
  const parts = remindersText.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.some((p) => !/^\d{1,3}$/.test(p)))
    throw new FormFieldError('reminders', messages.reminders);
  const reminderDaysBefore = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  const options = new Set(
    (get(LAUNCH_BLOCK_IDS.options)?.selected_options ?? []).map((o) => o.value),
  );
  return {
    draftVersionId,
    organisationIds: (get(LAUNCH_BLOCK_IDS.organisations)?.selected_options ?? []).map(
      (o) => o.value,
    ),
    organisationKinds: (get(LAUNCH_BLOCK_IDS.kinds)?.selected_options ?? []).map((o) => o.value),
    deadlineDate,
    deadlineTime,
    reminderDaysBefore,
    silenceVautFavorable: options.has(LAUNCH_OPTION_VALUES.silence),
    resultsVisibleDuringRound: options.has(LAUNCH_OPTION_VALUES.resultsDuring),
  };
}

/** Field names of the launch form → block ids (for `response_action: 'errors'`). */
export const LAUNCH_FIELD_BLOCKS: Record<string, string> = {
  draftVersionId: LAUNCH_BLOCK_IDS.draftVersion,
  organisationIds: LAUNCH_BLOCK_IDS.organisations,
  organisations: LAUNCH_BLOCK_IDS.organisations,
  organisationKinds: LAUNCH_BLOCK_IDS.kinds,
  deadline: LAUNCH_BLOCK_IDS.deadline,
  deadlineDate: LAUNCH_BLOCK_IDS.deadline,
  deadlineTime: LAUNCH_BLOCK_IDS.deadlineTime,
  reminders: LAUNCH_BLOCK_IDS.reminders,
  reminderDaysBefore: LAUNCH_BLOCK_IDS.reminders,
  options: LAUNCH_BLOCK_IDS.options,
};

/** The follow-up modal's state (render.ts buildFollowupModal) → what the pilot chose. */
export interface TFollowupInput {
  organisationCode: string;
  enjeu: string;
  response: string;
  justification: string;
  nextEnjeuId: string | null;
}

/** Throws FormFieldError('avis') when no avis is chosen (a forged view). */
export function extractFollowup(
  values: TViewStateValues,
  messages: { required: string },
): TFollowupInput {
  const get = (block: string) => values[block]?.value;
  const avis = get(FOLLOWUP_BLOCK_IDS.avis)?.selected_option?.value ?? '';
  const m = /^(\d{1,6}):(.{1,100})$/.exec(avis);
  if (!m) throw new FormFieldError('avis', messages.required);
  return {
    enjeu: m[1]!,
    organisationCode: m[2]!,
    response: get(FOLLOWUP_BLOCK_IDS.response)?.selected_option?.value ?? '',
    justification: get(FOLLOWUP_BLOCK_IDS.justification)?.value ?? '',
    nextEnjeuId: get(FOLLOWUP_BLOCK_IDS.next)?.selected_option?.value || null,
  };
}

/**
 * The follow-up modal's private_metadata: the round it is about, '' when unreadable (then not
 * found). The round is looked up again within the pilot's Caf on submission.
 */
export function parseFollowupMetadata(raw: string): { roundId: string } {
  try {
    const v = JSON.parse(raw) as { roundId?: unknown };
    if (typeof v.roundId === 'string' && v.roundId.length <= 64) return { roundId: v.roundId };
  } catch {
    // not JSON: no round
  }
  return { roundId: '' };
}

export const ZSurveyModalMetadata = z.object({
  roundId: z.string().min(1).max(100),
  level: z.number().int().min(1).max(100),
});
export type TSurveyModalMetadata = z.infer<typeof ZSurveyModalMetadata>;

/** The round and level a grid modal was opened for (render/survey-modal.ts). Throws on anything else. */
export function parseSurveyModalMetadata(privateMetadata: string): TSurveyModalMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(privateMetadata);
  } catch {
    throw new Error('survey modal: private_metadata is not JSON');
  }
  return ZSurveyModalMetadata.parse(raw);
}

/**
 * A grid modal's state → the form values by field name (`case-L-Q`, `note-L-Q`) of the one level
 * shown: a field of another level (a forged view) is dropped; an emptied field is '' (it clears
 * its cell). `finish`: the last level's checkbox, undefined on the other levels.
 */
export function extractSurveyLevel(
  values: TViewStateValues,
  o: {
    level: number;
    fieldOfBlock: (blockId: string) => string | undefined;
    finishBlock: string;
    finishValue: string;
  },
): { values: Record<string, string>; finish?: boolean } {
  const out: Record<string, string> = {};
  let finish: boolean | undefined;
  for (const [blockId, actions] of Object.entries(values)) {
    const state = Object.values(actions)[0];
    if (!state) continue;
    if (blockId === o.finishBlock) {
      finish = (state.selected_options ?? []).some((s) => s.value === o.finishValue);
      continue;
    }
    const field = o.fieldOfBlock(blockId);
    if (!field || Number(field.split('-')[1]) !== o.level) continue;
    out[field] = state.value ?? state.selected_option?.value ?? '';
  }
  return { values: out, ...(finish !== undefined ? { finish } : {}) };
}
