import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { ExpressReceiver, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import { correlationId as currentCorrelationId, withCorrelation } from '../../logger';
import { dedupKeyOfPayloadText } from './dedup';
import type { SlackAppDeps } from './deps';
import {
  formPayload,
  inspectSlackBody,
  interactionOf,
  slackEdge,
  type SlackInteraction,
} from './edge';
import { oauthCallbackOptions } from './oauth-pages';
import { AVIS_MODAL_CALLBACK_ID } from './render';
import { slackVerifyMiddleware, verifySlackHeaders } from './verify';
import type { DirectHandler } from '../../http/direct-routes';
import { EdgeRefusal } from '../../http/client-errors';

/**
 * Slack's HTTP side (HTTP mode): the route POST /slack/events with its checks in front
 * (signature, payload shape), the vote's direct path past Bolt (avisFastLane), and Bolt's
 * ExpressReceiver with the OAuth routes. What runs for each request is in listeners/.
 */

/** Where Slack posts events, slash commands and interactivity (manifest: request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** OAuth (multi-workspace): install link and redirect (manifest: redirect_urls). */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';
/** Bot scopes, as in manifests/slack/manifest.yml. */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'files:write',
  'channels:read',
  'groups:read',
  // To find, after a crash, a message whose send's outcome was lost (delivery id in its
  // metadata) instead of posting it twice: conversations.history / conversations.replies.
  'channels:history',
  'groups:history',
] as const;

/**
 * The HTTP receiver and its router. `fastLane()` is read per request: the vote's direct path
 * exists once Bolt and its listeners do (createSlackApp).
 */
export function createHttpReceiver(o: {
  config: TConfig;
  deps: SlackAppDeps;
  logger: BoltLogger;
  clientOptions: webApi.WebClientOptions;
  fastLane: () => AvisFastLane | undefined;
}): { receiver: ExpressReceiver; router: Router; oauth: boolean } {
  const { config, deps, logger, clientOptions } = o;
  const { log } = deps;
  if (!config.SLACK_SIGNING_SECRET) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
  const router = express.Router();
  // Our own check first (both clock directions, stable codes); Bolt is told not to check again
  // and reads the verified bytes from req.rawBody.
  const oauth = config.SLACK_CLIENT_ID !== undefined;
  router.post(
    SLACK_EVENTS_PATH,
    ...slackVerifyMiddleware({ signingSecret: config.SLACK_SIGNING_SECRET, log, now: deps.now }),
    // Signed but not shaped as Slack sends: a 400 here, not a listener's 500 (zod at the edge).
    slackEdge,
    // One workspace: the vote skips Bolt's dispatch (with OAuth, Bolt finds the workspace's token).
    (req, res, next) => {
      const fastLane = o.fastLane();
      return fastLane ? fastLane.handle(req, res, next) : next();
    },
  );
  if (oauth && !deps.installationStore)
    throw new Error('Slack OAuth needs the database (installations)');
  const receiver = new ExpressReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    signatureVerification: false,
    endpoints: SLACK_EVENTS_PATH,
    router,
    // The receiver insists on an app to mount its router on; ours is mounted by mount().
    app: express(),
    logger,
    ...(oauth && deps.installationStore
      ? {
          clientId: config.SLACK_CLIENT_ID,
          clientSecret: config.SLACK_CLIENT_SECRET,
          stateSecret: config.SLACK_STATE_SECRET,
          scopes: [...SLACK_BOT_SCOPES],
          installationStore: deps.installationStore,
          installerOptions: {
            installPath: SLACK_INSTALL_PATH,
            redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
            directInstall: true,
            clientOptions,
            callbackOptions: oauthCallbackOptions(log),
          },
        }
      : {}),
  });
  return { receiver, router, oauth };
}

/** What the vote modal's listener needs, from Bolt or from the direct path (avisFastLane). */
export interface ViewSubmissionArgs {
  ack: (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;
  body: unknown;
  client: webApi.WebClient;
  context: Record<string, unknown>;
}
export type ViewSubmissionListener = (args: ViewSubmissionArgs) => Promise<void>;

/** The vote's way past Bolt: `answer` takes the edge's parsed interaction, `handle` is the route's. */
export interface AvisFastLane {
  /** Answers the request when the interaction is the vote modal's submission; false otherwise. */
  answer(interaction: SlackInteraction, res: ServerResponse): boolean;
  /** The same as the Express route's last middleware (after slackEdge): the rest goes to Bolt. */
  handle: express.RequestHandler;
}

/**
 * The vote, Concerto's busiest request, without Bolt's dispatch (HTTP mode, one workspace): the
 * request is already verified and its payload parsed once by the edge (inspectSlackBody); it is
 * handed to the same listener Bolt would call, with an acknowledgement that answers the HTTP
 * request. The request's de-duplication key goes with it: the vote claims it in its own
 * transaction. Anything else goes on to Bolt. bench/slack.ts measured Bolt's dispatch (receiver
 * parsing, middleware chain, response building) at about 0.6 ms of CPU per vote.
 */
export function avisFastLane(o: {
  listener: ViewSubmissionListener;
  client: webApi.WebClient;
  log: Logger;
}): AvisFastLane {
  const answer = (interaction: SlackInteraction, res: ServerResponse): boolean => {
    const body = interaction.payload as { type?: unknown; view?: { callback_id?: unknown } };
    if (body.type !== 'view_submission' || body.view?.callback_id !== AVIS_MODAL_CALLBACK_ID)
      return false;
    // The web server's request id (src/http/server.ts) is the correlation id already.
    const correlationId = currentCorrelationId() ?? randomUUID();
    const dedupKey = dedupKeyOfPayloadText(interaction.text);
    let acked = false;
    // Node's own response API: the same on Express's response and on a direct route's.
    const ack: ViewSubmissionArgs['ack'] = async (response) => {
      if (acked) return;
      acked = true;
      res.statusCode = 200;
      if (response) {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(response));
      } else res.end();
    };
    void (async () => {
      // No claim in Redis here: the vote claims the request in its own transaction
      // (request_claims), one round trip less, and a claim that cannot outlive or miss the avis.
      await o.listener({
        ack,
        body,
        client: o.client,
        context: { correlationId, dedupKey, claimInVote: true },
      });
      await ack();
    })().catch((err: unknown) => {
      o.log.error({ err, correlationId }, 'Slack : échec du traitement');
      if (!acked) {
        acked = true;
        res.statusCode = 500;
        res.end();
      }
    });
    return true;
  };
  return {
    answer,
    handle: (_req, res, next) => {
      const interaction = interactionOf(res);
      if (!interaction || !answer(interaction, res)) next();
    },
  };
}

/** Largest vote body the direct path reads itself (larger ones go to Express, which says 413). */
const DIRECT_BODY_LIMIT = 1024 * 1024;

/**
 * The vote before Express (src/http/direct-routes.ts): the same checks as the route's chain —
 * signature and freshness (verifySlackHeaders), the payload's shape (inspectSlackBody) — then the
 * fast lane, without Express's router, body parser and response helpers (bench/slack.ts: 0.81 to
 * 0.53 ms of CPU per vote). Only the shape Slack sends for a view submission is taken
 * (form-encoded `payload=…` alone, a Content-Length, no encoding, no cookie); anything else, and
 * anything refused, goes to Express with the body already read, where the route's chain answers
 * it (401, 400, 413…) and logs it exactly as before.
 */
export function slackDirectVote(o: {
  signingSecret: string;
  now?: () => number;
  lane: AvisFastLane;
}): DirectHandler {
  return (req, res, toExpress) => {
    const length = Number(req.headers['content-length']);
    const contentType = req.headers['content-type'];
    if (
      req.headers['content-encoding'] !== undefined ||
      req.headers.cookie !== undefined ||
      !(length > 0 && length <= DIRECT_BODY_LIMIT) ||
      !String(contentType ?? '').startsWith('application/x-www-form-urlencoded')
    ) {
      toExpress();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // In the request's correlation context, as Express's body parser does (AsyncResource.bind
    // did the same at three times the cost).
    const id = currentCorrelationId();
    req.on('end', () =>
      withCorrelation(id, () => {
        const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // Left for Express's chain when the request goes there (its raw parser skips a read body).
        req.body = raw;
        // Cheap looks first: a vote is `payload=…` alone (the route answers an `ssl_check` next to
        // a payload without running it), and other interactions are not parsed twice.
        if (
          raw.indexOf('payload=') !== 0 ||
          raw.indexOf('&') !== -1 ||
          raw.indexOf('view_submission') === -1 ||
          !signedAndFresh(o, req.headers, raw)
        ) {
          toExpress();
          return;
        }
        const inspected = inspectSlackBody(raw, contentType);
        if (
          inspected instanceof EdgeRefusal ||
          !inspected.interaction ||
          !o.lane.answer(inspected.interaction, res)
        )
          toExpress();
      }),
    );
  };
}

function signedAndFresh(
  o: { signingSecret: string; now?: () => number },
  headers: IncomingHttpHeaders,
  raw: Buffer,
): boolean {
  try {
    verifySlackHeaders(headers, {
      signingSecret: o.signingSecret,
      rawBody: raw,
      nowMs: (o.now ?? Date.now)(),
    });
    return true;
  } catch {
    return false;
  }
}

export { formPayload };
