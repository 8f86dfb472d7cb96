import querystring from 'node:querystring';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { EdgeRefusal } from '../../http/client-errors';
import { ZBlockActions, ZSlashCommand, ZViewSubmission } from './parse';

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

/** Interactivity types Concerto handles read whole; the others only need to name their type. */
const ZOtherInteraction = z.looseObject({ type: z.string().min(1).max(64) });
function interactionSchema(type: unknown): z.ZodType {
  if (type === 'view_submission') return ZViewSubmission;
  if (type === 'block_actions') return ZBlockActions;
  return ZOtherInteraction;
}

function refuse(code: string, message: string, detail?: string): EdgeRefusal {
  return new EdgeRefusal(400, code, message, detail);
}

function issueOf(error: z.ZodError): string | undefined {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(racine)'} : ${issue.message}` : undefined;
}

/** Checks a verified request's body (`req.body`, the raw bytes) before Bolt sees it. */
export const slackEdge: RequestHandler = (req, _res, next) => {
  const raw: unknown = req.body;
  if (!Buffer.isBuffer(raw)) {
    next(refuse('SLACK_BODY_MISSING', 'Requête Slack sans corps.'));
    return;
  }
  const header = String(req.headers['content-type'] ?? '').toLowerCase();
  const [media = '', ...params] = header.split(';').map((p) => p.trim());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    next(
      new EdgeRefusal(
        415,
        'BODY_CHARSET_UNSUPPORTED',
        'Jeu de caractères non pris en charge : UTF-8 uniquement.',
        charset.slice(0, 40),
      ),
    );
    return;
  }
  const text = raw.toString('utf8');
  if (media === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      next(refuse('BODY_INVALID_JSON', 'Corps illisible : JSON invalide.'));
      return;
    }
    const parsed = ZEnvelope.safeParse(body);
    if (!parsed.success) {
      next(refuse('SLACK_EVENT_INVALID', 'Évènement Slack invalide.', issueOf(parsed.error)));
      return;
    }
    next();
    return;
  }
  if (media !== 'application/x-www-form-urlencoded') {
    next(
      new EdgeRefusal(
        415,
        'MEDIA_TYPE_UNSUPPORTED',
        'Type de contenu non pris en charge.',
        media.slice(0, 100),
      ),
    );
    return;
  }
  const form = querystring.parse(text);
  if (typeof form.payload === 'string') {
    let payload: unknown;
    try {
      payload = JSON.parse(form.payload);
    } catch {
      next(refuse('SLACK_PAYLOAD_INVALID', 'Charge utile Slack illisible : JSON invalide.'));
      return;
    }
    const type =
      typeof payload === 'object' && payload !== null
        ? (payload as { type?: unknown }).type
        : undefined;
    const parsed = interactionSchema(type).safeParse(payload);
    if (!parsed.success) {
      next(refuse('SLACK_PAYLOAD_INVALID', 'Charge utile Slack invalide.', issueOf(parsed.error)));
      return;
    }
    next();
    return;
  }
  if (typeof form.command === 'string') {
    const parsed = ZSlashCommand.safeParse(form);
    if (!parsed.success) {
      next(refuse('SLACK_COMMAND_INVALID', 'Commande Slack invalide.', issueOf(parsed.error)));
      return;
    }
    next();
    return;
  }
  next(refuse('SLACK_BODY_INVALID', 'Requête Slack sans payload ni commande.'));
};
