import { slackFetch } from './http-fetch';
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import type { NeutralMessage } from '../../domain/messages';
import type { SlackBotTokenLookup } from '../../app/slack-installations';
import {
  LookupUnavailableError,
  RateLimitedError,
  type Notifier,
  type NotifierTarget,
  type SendContext,
} from '../notifier';
import { renderMessage } from './render';
import { slackSdkLogger } from './sdk-logger';

const { ErrorCode, WebClient } = webApi;
type WebClient = webApi.WebClient;
type WebAPICallError = webApi.WebAPICallError;

export { RateLimitedError, type Notifier, type NotifierTarget } from '../notifier';

/** Slack answered with an error that a retry will not fix (channel gone, app removed…). */
export class SlackDeliveryError extends Error {
  /** Slack answered `ok: false`: the message was not posted. */
  readonly notSent: boolean;
  constructor(
    /** Slack's error code (`channel_not_found`, `not_in_channel`, `invalid_auth`…). */
    public readonly slackError: string,
    /** True when retrying cannot help: the delivery queue should fail it for good. */
    public readonly permanent: boolean,
  ) {
    super(`Slack : ${slackError}`);
    this.name = 'SlackDeliveryError';
    this.notSent = slackError !== 'no_ts_in_response';
  }
}

/** The metadata event type of Concerto's messages (carries the delivery id). */
export const DELIVERY_EVENT_TYPE = 'concerto_delivery';

/** Answers to a history look-up that no retry will change. */
const LOOKUP_IMPOSSIBLE = new Set([
  'missing_scope',
  'not_in_channel',
  'channel_not_found',
  'thread_not_found',
  'no_permission',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'team_access_not_granted',
]);

const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'no_permission',
  'missing_scope',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'restricted_action',
  'team_access_not_granted',
  'ekm_access_denied',
]);

export interface SlackNotifierOptions {
  /** The bot token of a workspace (team id, or enterprise id of an org-wide install). */
  tokenFor(workspaceId: string): Promise<string>;
  /** Web API base URL. Default: Slack's. */
  slackApiUrl?: string;
  log?: Logger;
  /**
   * Concurrent calls per workspace client. Default: 4. The delivery queue paces messages (about one
   * per second per channel); this only caps bursts.
   */
  maxRequestConcurrency?: number;
}

/**
 * The Slack side of the delivery queue: chat.postMessage (in a thread when asked) or chat.update.
 * One WebClient per workspace with `rejectRateLimitedCalls`: a 429 becomes RateLimitedError with
 * Slack's Retry-After, so the queue delays the job instead of a worker sleeping in the client.
 * No retries inside the client either: the queue retries, with backoff, and never twice a send
 * that was acknowledged.
 */
export class SlackNotifier implements Notifier {
  readonly platform = 'slack' as const;
  private readonly clients = new Map<string, { token: string; client: WebClient }>();

  constructor(private readonly options: SlackNotifierOptions) {}

  async send(
    target: NotifierTarget,
    message: NeutralMessage,
    context?: SendContext,
  ): Promise<{ messageId: string }> {
    try {
      return await this.sendOnce(target, message, context);
    } catch (err) {
      // Slack downloads an image block's URL when the message is posted and refuses the whole
      // message (invalid_blocks) when it cannot: a PUBLIC_URL Slack does not reach. Nothing was
      // posted; the results go again without their charts (the text has the same counts).
      if (
        err instanceof SlackDeliveryError &&
        err.slackError === 'invalid_blocks' &&
        message.sections.some((s) => s.chart)
      ) {
        this.options.log?.warn(
          { slackError: err.slackError },
          'Slack : images des graphiques refusées (PUBLIC_URL injoignable ?), message envoyé sans elles',
        );
        const sections = message.sections.map(({ chart: _chart, ...s }) => s);
        return this.sendOnce(target, { ...message, sections }, context);
      }
      throw err;
    }
  }

  private async sendOnce(
    target: NotifierTarget,
    message: NeutralMessage,
    context?: SendContext,
  ): Promise<{ messageId: string }> {
    const client = await this.clientFor(target.workspaceId);
    const { text, blocks } = renderMessage(message);
    try {
      if (target.updateMessageId) {
        const result = await client.chat.update({
          channel: target.address,
          ts: target.updateMessageId,
          text,
          blocks,
        });
        return { messageId: result.ts ?? target.updateMessageId };
      }
      const result = await client.chat.postMessage({
        channel: target.address,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(target.threadMessageId ? { thread_ts: target.threadMessageId } : {}),
        // The delivery id rides with the message, so that `find` can recognise it later.
        ...(context
          ? {
              metadata: {
                event_type: DELIVERY_EVENT_TYPE,
                event_payload: { delivery_id: context.deliveryId },
              },
            }
          : {}),
      });
      if (!result.ts) throw new SlackDeliveryError('no_ts_in_response', false);
      return { messageId: result.ts };
    } catch (err) {
      throw translate(err);
    }
  }

  /**
   * The message an earlier send of `deliveryId` posted, found by its metadata: in the channel's
   * history (conversations.history), or in the thread (conversations.replies) for a reply. Needs
   * the `channels:history` and `groups:history` scopes (in the manifest); a workspace installed
   * without them, or a channel the bot cannot read, answers `missing_scope` / `not_in_channel`:
   * LookupUnavailableError, and the delivery queue sends again (see deliver.ts). An update
   * (chat.update) is idempotent: nothing to look for.
   */
  async find(
    target: NotifierTarget,
    deliveryId: string,
    since: Date,
  ): Promise<{ messageId: string } | undefined> {
    if (target.updateMessageId) return undefined;
    const client = await this.clientFor(target.workspaceId);
    // Slack's ts are the post time in seconds; a little margin for clock differences.
    const oldest = String(Math.floor(since.getTime() / 1000) - 60);
    let cursor: string | undefined;
    try {
      for (let page = 0; page < 20; page += 1) {
        const common = {
          channel: target.address,
          oldest,
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        };
        const res = target.threadMessageId
          ? await client.conversations.replies({ ...common, ts: target.threadMessageId })
          : await client.conversations.history(common);
        for (const m of res.messages ?? []) {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: unknown } })
            .metadata;
          const payload = meta?.event_payload as { delivery_id?: unknown } | undefined;
          if (meta?.event_type === DELIVERY_EVENT_TYPE && payload?.delivery_id === deliveryId) {
            if (m.ts) return { messageId: m.ts };
          }
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return undefined;
      }
      return undefined;
    } catch (err) {
      const translated = translate(err);
      if (translated instanceof SlackDeliveryError && LOOKUP_IMPOSSIBLE.has(translated.slackError))
        throw new LookupUnavailableError(translated.slackError);
      throw translated;
    }
  }

  private async clientFor(workspaceId: string): Promise<WebClient> {
    const token = await this.options.tokenFor(workspaceId);
    const existing = this.clients.get(workspaceId);
    // A re-install changes the token: make a new client then.
    if (existing && existing.token === token) return existing.client;
    const client = new WebClient(token, {
      fetch: slackFetch,
      ...(this.options.slackApiUrl ? { slackApiUrl: this.options.slackApiUrl } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      maxRequestConcurrency: this.options.maxRequestConcurrency ?? 4,
      ...(this.options.log ? { logger: slackSdkLogger(this.options.log, 'slack-web-api') } : {}),
    });
    this.clients.set(workspaceId, { token, client });
    return client;
  }
}

function translate(err: unknown): Error {
  if (err instanceof RateLimitedError || err instanceof SlackDeliveryError) return err;
  const e = err as Partial<WebAPICallError> & { retryAfter?: number; data?: { error?: string } };
  if (e.code === ErrorCode.RateLimitedError) {
    return new RateLimitedError(Math.max(1, e.retryAfter ?? 1) * 1000);
  }
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'ratelimited') return new RateLimitedError(1000);
    return new SlackDeliveryError(code, PERMANENT_ERRORS.has(code));
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Bot tokens by workspace: SLACK_BOT_TOKEN for a single workspace, the stored installation with
 * OAuth (`workspaceId` is the team id, or the enterprise id of an org-wide install), looked up
 * with `installations` (app/slack-installations.ts: slackBotTokenLookup).
 */
export function slackTokenResolver(
  config: TConfig,
  installations?: SlackBotTokenLookup,
): (workspaceId: string) => Promise<string> {
  if (!config.SLACK_CLIENT_ID) {
    const token = config.SLACK_BOT_TOKEN;
    return async () => {
      if (!token) throw new SlackDeliveryError('not_configured', true);
      return token;
    };
  }
  if (!installations) throw new Error('slackTokenResolver: OAuth needs the database');
  return async (workspaceId) => {
    const token = await installations(workspaceId);
    if (!token) throw new SlackDeliveryError('not_installed', true);
    return token;
  };
}
