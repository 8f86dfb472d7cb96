import querystring from 'node:querystring';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { hasInvalidCharacters } from '../../domain/text';
import { charsetRefusal, EdgeRefusal } from '../../http/client-errors';
import {
  parseAvisModalMetadata,
  parseSurveyModalMetadata,
  ZBlockActions,
  ZSlashCommand,
  ZViewSubmission,
} from './parse';
import { SLASH_COMMAND } from './i18n';
import {
  ACTION_IDS,
  AVIS_MODAL_CALLBACK_ID,
  FOLLOWUP_MODAL_CALLBACK_ID,
  LAUNCH_MODAL_CALLBACK_ID,
  SURVEY_MODAL_CALLBACK_ID,
} from './render';

/**
 * The edge of the Slack channel, after the signature check: a signed body that is not what Slack
 * sends — JSON events without a type, interactivity whose payload does not parse or lacks what
 * Concerto reads, a slash command without its team, user or channel — is refused with a 400 (one
 * warn line, by the web server's client-error handler) before Bolt dispatches it, instead of a
 * listener throwing into a 500 or Bolt waiting 3 s for an acknowledgement that never comes.
 */

const ZEnvelope = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1).max(512) }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: z.string().max(64).optional(),
    event: z.looseObject({ type: z.string().min(1).max(128) }),
  }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
]);

/**
 * What Concerto listens to (src/adapters/slack/listeners/, manifests/slack/manifest.yml): anything
 * else has no listener, and Bolt would keep the request open 3 s before giving up with an error.
 */
const EVENTS = new Set(['app_home_opened', 'member_joined_channel']);
const VIEWS = new Set([
  AVIS_MODAL_CALLBACK_ID,
  LAUNCH_MODAL_CALLBACK_ID,
  FOLLOWUP_MODAL_CALLBACK_ID,
  SURVEY_MODAL_CALLBACK_ID,
]);
const knownAction = (id: string) =>
  id === ACTION_IDS.avisOpen || id.startsWith(`${ACTION_IDS.link}.`);
/** Where Concerto answers: a URL it can post to, or nothing. */
const ZResponseUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      return ['https:', 'http:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'URL de réponse invalide')
  .optional();

const ZCommandAtEdge = ZSlashCommand.extend({
  command: z.literal(SLASH_COMMAND),
  response_url: ZResponseUrl,
});
const ZBlockActionsAtEdge = ZBlockActions.extend({
  response_url: ZResponseUrl,
  // Slack leaves `channel` out (App Home) but never sends null: Bolt reads `channel.id` then.
  channel: z.looseObject({ id: z.string().min(1).max(64) }).optional(),
}).refine((p) => p.actions.every((a) => knownAction(a.action_id)), {
  message: 'action inconnue',
  path: ['actions'],
});
/** The vote and grid modals' metadata name the round: it must read back as Concerto wrote it. */
const ZViewSubmissionAtEdge = ZViewSubmission.extend({
  // Slack always sends an array here (often empty); Bolt reads its length.
  response_urls: z.array(z.looseObject({})).max(10).optional(),
}).superRefine((p, ctx) => {
  if (!VIEWS.has(p.view.callback_id)) {
    ctx.addIssue({ code: 'custom', path: ['view', 'callback_id'], message: 'formulaire inconnu' });
    return;
  }
  const parse =
    p.view.callback_id === AVIS_MODAL_CALLBACK_ID
      ? parseAvisModalMetadata
      : p.view.callback_id === SURVEY_MODAL_CALLBACK_ID
        ? parseSurveyModalMetadata
        : undefined;
  if (!parse) return;
  try {
    parse(p.view.private_metadata);
  } catch {
    ctx.addIssue({ code: 'custom', path: ['view', 'private_metadata'], message: 'illisible' });
  }
});

function interactionSchema(type: unknown): z.ZodType | undefined {
  if (type === 'view_submission') return ZViewSubmissionAtEdge;
  if (type === 'block_actions') return ZBlockActionsAtEdge;
  return undefined;
}

/**
 * Ids, names, metadata and command text reach SQL as they are: a NUL (Postgres refuses it), a
 * control character or half a surrogate pair there is refused. Free text typed in a form (a
 * comment) is not checked here: validateAvis answers it with a field error.
 */
function invalidIn(values: unknown[]): boolean {
  return values.some((v) => typeof v === 'string' && hasInvalidCharacters(v));
}
function identifiersOf(p: Record<string, unknown>): unknown[] {
  const o = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const user = o(p.user);
  const view = o(p.view);
  return [
    user.id,
    user.name,
    user.username,
    user.team_id,
    o(p.team).id,
    o(p.enterprise).id,
    o(p.channel).id,
    p.trigger_id,
    view.id,
    view.callback_id,
    view.private_metadata,
    ...(Array.isArray(p.actions) ? p.actions.flatMap((a) => [o(a).action_id, o(a).value]) : []),
  ];
}

function refuse(code: string, message: string, detail?: string): EdgeRefusal {
  return new EdgeRefusal(400, code, message, detail);
}

function issueOf(error: z.ZodError): string | undefined {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(racine)'} : ${issue.message}` : undefined;
}

/** An interactivity payload as the edge decoded and parsed it (its text: the de-duplication key). */
export interface SlackInteraction {
  text: string;
  payload: unknown;
}

/**
 * Checks a verified request's body (the raw bytes) and its Content-Type before Bolt sees it: the
 * refusal, or what passed (with the interactivity payload, decoded and parsed once).
 */
export function inspectSlackBody(
  raw: unknown,
  contentType: string | undefined,
): EdgeRefusal | { interaction?: SlackInteraction } {
  if (!Buffer.isBuffer(raw)) return refuse('SLACK_BODY_MISSING', 'Requête Slack sans corps.');
  const header = String(contentType ?? '').toLowerCase();
  const [media = '', ...params] = header.split(';').map((p) => p.trim());
  const wrongCharset = charsetRefusal(params);
  if (wrongCharset) return wrongCharset;
  const text = raw.toString('utf8');
  if (media === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse('BODY_INVALID_JSON', 'Corps illisible : JSON invalide.');
    }
    const parsed = ZEnvelope.safeParse(body);
    if (!parsed.success) {
      return refuse('SLACK_EVENT_INVALID', 'Évènement Slack invalide.', issueOf(parsed.error));
    }
    if (
      parsed.data.type === 'event_callback' &&
      invalidIn([parsed.data.team_id, ...Object.values(parsed.data.event)])
    ) {
      return refuse('SLACK_EVENT_INVALID', 'Évènement Slack invalide : caractère interdit.');
    }
    if (parsed.data.type === 'event_callback' && !EVENTS.has(parsed.data.event.type)) {
      return refuse('SLACK_EVENT_UNKNOWN', 'Évènement Slack non pris en charge.');
    }
    return {};
  }
  if (media !== 'application/x-www-form-urlencoded') {
    return new EdgeRefusal(
      415,
      'MEDIA_TYPE_UNSUPPORTED',
      'Type de contenu non pris en charge.',
      media.slice(0, 100),
    );
  }
  const payloadText = formPayload(text);
  if (payloadText) {
    let payload: unknown;
    try {
      payload = JSON.parse(payloadText);
    } catch {
      return refuse('SLACK_PAYLOAD_INVALID', 'Charge utile Slack illisible : JSON invalide.');
    }
    const type =
      typeof payload === 'object' && payload !== null
        ? (payload as { type?: unknown }).type
        : undefined;
    const schema = interactionSchema(type);
    if (!schema) {
      return refuse('SLACK_PAYLOAD_UNKNOWN', 'Interaction Slack non prise en charge.');
    }
    if (invalidIn(identifiersOf(payload as Record<string, unknown>))) {
      return refuse('SLACK_PAYLOAD_INVALID', 'Charge utile Slack invalide : caractère interdit.');
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return refuse('SLACK_PAYLOAD_INVALID', 'Charge utile Slack invalide.', issueOf(parsed.error));
    }
    return { interaction: { text: payloadText, payload } };
  }
  const form = querystring.parse(text);
  if (typeof form.command === 'string') {
    if (invalidIn(Object.values(form).flat())) {
      return refuse('SLACK_COMMAND_INVALID', 'Commande Slack invalide : caractère interdit.');
    }
    const parsed = ZCommandAtEdge.safeParse(form);
    if (!parsed.success) {
      return refuse('SLACK_COMMAND_INVALID', 'Commande Slack invalide.', issueOf(parsed.error));
    }
    return {};
  }
  return refuse('SLACK_BODY_INVALID', 'Requête Slack sans payload ni commande.');
}

/** inspectSlackBody as the Express route's middleware: a refusal goes to the client-error handler. */
export const slackEdge: RequestHandler = (req, res, next) => {
  const inspected = inspectSlackBody(req.body, req.headers['content-type']);
  if (inspected instanceof EdgeRefusal) {
    next(inspected);
    return;
  }
  if (inspected.interaction) res.locals.slackInteraction = inspected.interaction;
  next();
};

/**
 * The `payload` field of an interactivity request (`payload=<url-encoded JSON>`, the only field
 * Slack sends). V8's decodeURIComponent decodes the 5 to 10 kB of a vote several times faster
 * than querystring.parse; any other shape of body goes through querystring.
 */
export function formPayload(body: string): string {
  if (body.startsWith('payload=') && body.indexOf('&') === -1) {
    try {
      return decodeURIComponent(body.slice('payload='.length).replace(/\+/g, ' '));
    } catch {
      // a malformed escape: querystring decodes what it can, as Bolt would
    }
  }
  const value = querystring.parse(body).payload;
  return typeof value === 'string' ? value : '';
}

/** The interactivity payload the edge decoded and parsed for this request, if any. */
export function interactionOf(res: Response): SlackInteraction | undefined {
  return res.locals.slackInteraction as SlackInteraction | undefined;
}
