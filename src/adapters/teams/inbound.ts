import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { EdgeRefusal, requireMediaType } from '../../http/client-errors';
import { hasInvalidCharacters } from '../../domain/text';

/**
 * The edge of the Teams channel: what /api/messages accepts before the SDK sees it. A body that
 * is not UTF-8 JSON, too large, or not shaped like a Bot Framework activity is refused with a
 * 4xx (answered by the web server's client-error handler, one warn line) instead of crashing a
 * handler into a 500. Only the fields Concerto reads are checked; the rest passes through.
 */

/** Largest activity accepted. Teams caps a message at about 28 kB; a card submission is smaller. */
export const ACTIVITY_BODY_LIMIT = '256kb';

/** An identifier or a name the activity carries: text without control characters, bounded. */
const field = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !hasInvalidCharacters(v), 'caractère invalide');
const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'URL invalide');

const ZAccount = z.looseObject({
  id: field(512).min(1),
  name: field(512).nullish(),
  aadObjectId: field(64).nullish(),
});

export const ZInboundActivity = z.looseObject({
  type: field(64).min(1),
  id: field(512).optional(),
  channelId: field(64).min(1),
  serviceUrl: httpUrl,
  from: ZAccount,
  recipient: ZAccount,
  conversation: z.looseObject({
    id: field(1024).min(1),
    conversationType: field(64).nullish(),
    tenantId: field(64).nullish(),
    name: field(512).nullish(),
  }),
  locale: field(32).nullish(),
  text: z.string().max(100_000).nullish(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: field(64) }).nullish(),
    })
    .nullish(),
  name: field(256).nullish(),
  replyToId: field(512).nullish(),
  textFormat: field(32).nullish(),
  timestamp: field(64).nullish(),
  // The SDK walks these (mentions, card attachments) before any handler: arrays of objects.
  entities: z
    .array(z.looseObject({ type: field(128) }))
    .max(100)
    .nullish(),
  attachments: z
    .array(z.looseObject({ contentType: field(256).nullish() }))
    .max(50)
    .nullish(),
  membersAdded: z.array(ZAccount).nullish(),
  membersRemoved: z.array(ZAccount).nullish(),
});
export type TInboundActivity = z.infer<typeof ZInboundActivity>;

/**
 * Middlewares to mount on POST /api/messages before the SDK's route: media type and charset
 * (415), JSON body within ACTIVITY_BODY_LIMIT (400, 413, 415 for an unknown compression), the
 * activity's shape (400). The SDK's own JSON parser then finds the body parsed.
 */
export function teamsActivityEdge(): RequestHandler[] {
  const shape: RequestHandler = (req, _res, next) => {
    const parsed = ZInboundActivity.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      next(
        new EdgeRefusal(
          400,
          'ACTIVITY_INVALID',
          'Activité Bot Framework invalide.',
          issue ? `${issue.path.join('.') || '(racine)'} : ${issue.message}` : undefined,
        ),
      );
      return;
    }
    next();
  };
  return [
    requireMediaType('application/json'),
    express.json({ limit: ACTIVITY_BODY_LIMIT, strict: true }),
    shape,
  ];
}
