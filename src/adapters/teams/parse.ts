import { z } from 'zod';
import { AVIS_CHOICES, type AvisChoice } from '../../domain/types';
import { DomainError } from '../../domain/errors';
import {
  TEAMS_COMMANDS,
  type AvisSubmission,
  type LaunchSubmission,
  type SurveySubmission,
  type TeamsCommand,
  type TeamsCommandName,
  type TeamsConversationReference,
  type TeamsConversationType,
  type TeamsTurn,
} from './handlers';
import { AVIS_INPUT_PREFIX, COMMENT_INPUT_PREFIX } from './render';
import { LAUNCH_DEFAULTS } from '../../domain/round-schedule';

/** Parsing of what Teams sends: commands, Action.Execute data, identities. Pure. */

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** English words for commands (the command names stay French). */
const ALIASES = new Map<string, TeamsCommandName>([['help', 'aide']]);

/** `rejoindre ABC-123`, `/statut`, `Agréments`, `help` … (mentions already stripped by the SDK). */
export function parseCommand(raw: string | undefined): TeamsCommand {
  const text = (raw ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
  const [first = '', ...args] = text.split(/\s+/).filter(Boolean);
  const folded = fold(first.replace(/^\//, ''));
  const word = ALIASES.get(folded) ?? folded;
  if ((TEAMS_COMMANDS as readonly string[]).includes(word)) {
    return { name: word as TeamsCommandName, args, text };
  }
  return word ? { name: 'aide', args: [], text, unknown: first } : { name: 'aide', args: [], text };
}

export const ZActionExecute = z.object({
  action: z.object({
    type: z.literal('Action.Execute').optional(),
    verb: z.string().min(1),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});
export type TActionExecute = z.infer<typeof ZActionExecute>;

const ZRoundId = z.string().trim().min(1).max(200);

export function roundIdOf(data: Record<string, unknown>): string {
  const parsed = ZRoundId.safeParse(data.roundId);
  if (!parsed.success) throw new DomainError('CARD_DATA_INVALID');
  return parsed.data;
}

/**
 * The avis inputs of an `avis.submit`: `avis_<enjeuId>` and `comment_<enjeuId>` (Teams merges the
 * card's inputs into action.data). Anything else in the data (an organisation id, a user id…)
 * is ignored: identity comes from the activity.
 */
export function parseAvisSubmission(data: Record<string, unknown>): AvisSubmission {
  const roundId = roundIdOf(data);
  const byEnjeu = new Map<string, { enjeuId: string; choice?: AvisChoice; comment?: string }>();
  const entry = (id: string) => {
    let e = byEnjeu.get(id);
    if (!e) byEnjeu.set(id, (e = { enjeuId: id }));
    return e;
  };
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    if (key.startsWith(AVIS_INPUT_PREFIX) && key.length > AVIS_INPUT_PREFIX.length) {
      const id = key.slice(AVIS_INPUT_PREFIX.length);
      const v = value.trim();
      if (v === '') {
        entry(id);
      } else if ((AVIS_CHOICES as readonly string[]).includes(v)) {
        entry(id).choice = v as AvisChoice;
      } else {
        throw new DomainError('AVIS_INVALID', { value: v.slice(0, 40) }, id);
      }
    } else if (key.startsWith(COMMENT_INPUT_PREFIX) && key.length > COMMENT_INPUT_PREFIX.length) {
      const comment = value.trim();
      const e = entry(key.slice(COMMENT_INPUT_PREFIX.length));
      if (comment !== '') e.comment = comment;
    }
  }
  return { roundId, answers: [...byEnjeu.values()] };
}

/** A grid cell's input: `case-<level>-<question>` or `note-<level>-<question>`. */
const GRID_FIELD = /^(case|note)-(\d{1,2})-(\d{1,2})$/;

/**
 * The data of a `survey.save` (one level of a grid card): the round, the level, where to go next,
 * the last level's « finished » toggle, and that level's cell inputs only (another level's fields,
 * an organisation or a user named in the data are ignored: identity comes from the activity).
 */
export function parseSurveySubmission(data: Record<string, unknown>): SurveySubmission {
  const roundId = roundIdOf(data);
  const level = Number(data.level);
  if (!Number.isInteger(level) || level < 1 || level > 99)
    throw new DomainError('CARD_DATA_INVALID');
  // A part of a level (questions from…to), when the level went over several cards.
  const from = Number(data.from);
  const to = Number(data.to);
  const part = data.from !== undefined || data.to !== undefined;
  if (
    part &&
    !(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && from <= to && to <= 99)
  )
    throw new DomainError('CARD_DATA_INVALID');
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const m = GRID_FIELD.exec(key);
    const question = Number(m?.[3]);
    if (
      m &&
      Number(m[2]) === level &&
      (!part || (question >= from && question <= to)) &&
      typeof value === 'string'
    )
      values[key] = value;
  }
  return {
    roundId,
    level,
    go: data.go === 'previous' ? 'previous' : 'next',
    ...(part ? { questions: { from, to } } : {}),
    ...(data.finish === 'true' || data.finish === 'false'
      ? { finish: data.finish === 'true' }
      : {}),
    values,
  };
}

export function parseLaunchSubmission(data: Record<string, unknown>): LaunchSubmission {
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string).trim() : '');
  // A multi-select ChoiceSet submits its values comma-separated.
  const list = (k: string) =>
    str(k)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    draftVersionId: str('draftVersionId'),
    organisationIds: list('organisationIds'),
    organisationKinds: list('organisationKinds'),
    deadlineDate: str('deadlineDate'),
    deadlineTime: str('deadlineTime') || LAUNCH_DEFAULTS.deadlineTime,
    // The field emptied by the pilot means no reminder; a card without the field, the default.
    ...(typeof data.reminderSchedule === 'string'
      ? { reminderSchedule: str('reminderSchedule') || 'aucun' }
      : {}),
    silenceVautFavorable: str('silenceVautFavorable') === 'true',
    resultsVisibleDuringRound: str('resultsVisibleDuringRound') === 'true',
  };
}

/** The fields of an inbound activity this adapter reads (Bot Framework wire format). */
export interface InboundActivity {
  id?: string;
  type: string;
  serviceUrl?: string;
  locale?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
  recipient?: { id?: string; name?: string };
  conversation?: {
    id?: string;
    conversationType?: string;
    tenantId?: string;
    name?: string;
    isGroup?: boolean;
  };
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    channel?: { id?: string; name?: string };
  };
}

function conversationTypeOf(a: InboundActivity): TeamsConversationType {
  const t = a.conversation?.conversationType;
  if (t === 'channel' || t === 'groupChat' || t === 'personal') return t;
  if (a.channelData?.channel?.id) return 'channel';
  return a.conversation?.isGroup ? 'groupChat' : 'personal';
}

/**
 * Who acts and where, from the signed activity only. Outside local mode an activity without a
 * tenant or an Entra object id is refused: the Agents Playground sends neither, real Teams both.
 */
export function turnOf(a: InboundActivity, localMode: boolean): TeamsTurn {
  const tenantId =
    a.conversation?.tenantId ?? a.channelData?.tenant?.id ?? (localMode ? 'local' : undefined);
  const aadObjectId = a.from?.aadObjectId ?? (localMode ? a.from?.id : undefined);
  if (
    !tenantId ||
    !aadObjectId ||
    !a.from?.id ||
    !a.conversation?.id ||
    !a.serviceUrl ||
    !a.recipient?.id
  ) {
    throw new DomainError('TEAMS_IDENTITY_MISSING');
  }
  // A message in a channel thread carries `;messageid=` in its conversation id: the destination
  // is the channel itself.
  const conversationId = a.conversation.id.split(';')[0]!;
  const type = conversationTypeOf(a);
  const reference: TeamsConversationReference = {
    channelId: 'msteams',
    serviceUrl: a.serviceUrl.replace(/\/+$/, ''),
    tenantId,
    bot: { id: a.recipient.id, ...(a.recipient.name ? { name: a.recipient.name } : {}) },
    conversation: {
      id: conversationId,
      conversationType: type,
      tenantId,
      ...(a.conversation.name ? { name: a.conversation.name } : {}),
      ...(a.conversation.isGroup !== undefined ? { isGroup: a.conversation.isGroup } : {}),
    },
    user: { id: a.from.id, aadObjectId, ...(a.from.name ? { name: a.from.name } : {}) },
    ...(a.channelData?.team?.id
      ? { team: { id: a.channelData.team.id, name: a.channelData.team.name } }
      : {}),
    ...(a.channelData?.channel?.id
      ? { channel: { id: a.channelData.channel.id, name: a.channelData.channel.name } }
      : {}),
    ...(a.locale ? { locale: a.locale } : {}),
  };
  return {
    user: {
      tenantId,
      aadObjectId,
      botUserId: a.from.id,
      ...(a.from.name ? { name: a.from.name } : {}),
    },
    conversation: reference,
    activityId: a.id ?? '',
    ...(a.locale ? { locale: a.locale } : {}),
  };
}
