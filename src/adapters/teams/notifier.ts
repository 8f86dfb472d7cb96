import type { App } from '@microsoft/teams.apps';
import { toThreadedConversationId } from '@microsoft/teams.apps';
import type { ConversationActivityClient } from '@microsoft/teams.api';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { TConfig } from '../../config';
import type { NeutralMessage } from '../../domain/messages';
import { RateLimitedError, type Notifier, type NotifierTarget } from '../notifier';
import { cardActivity, renderMessage } from './render';
import { createTeamsApp, type TeamsEndpoints } from './sdk';
import { parseServiceUrlPattern, serviceUrlAllowed, type ServiceUrlPattern } from './service-urls';

export interface TeamsNotifierOptions {
  config: TConfig;
  log: Logger;
  /** Reuse the app mountTeams created (web process); default: a new one from `config` (worker). */
  app?: App;
  endpoints?: TeamsEndpoints;
  /** Messages per second per conversation. Default 7 (Teams' documented limit). */
  perConversationPerSecond?: number;
  /** Messages per second per tenant. Default 50. */
  perTenantPerSecond?: number;
  /** Upper bound of the backoff when Teams gives no Retry-After. Default 60 000 ms. */
  maxBackoffMs?: number;
  /** Clock in ms (tests). Default Date.now. */
  now?: () => number;
  /** Jitter source in [0, 1) (tests). Default Math.random. */
  random?: () => number;
}

/**
 * A refusal that retrying will not fix (the bot was removed from the conversation, the
 * reference is wrong): the delivery job should fail for good (UnrecoverableError).
 */
export class TeamsSendError extends Error {
  /** Teams answered 4xx: the message was not posted. */
  readonly notSent: boolean;
  constructor(
    message: string,
    public readonly status: number | undefined,
    public readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'TeamsSendError';
    this.notSent = status !== undefined ? status >= 400 && status < 500 : permanent;
  }
}

type OutgoingActivity = Parameters<ConversationActivityClient['create']>[1];

/** The part of a stored conversation reference the notifier needs. */
const ZReference = z.object({
  serviceUrl: z.string().url(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
  }),
});

/** Statuses Teams uses for "slow down / try again": 429 throttled, 412 and 502/504 transient. */
const RETRYABLE = new Set([429, 412, 502, 503, 504]);
const PERMANENT = new Set([400, 401, 403, 404]);

/**
 * Token bucket: `rate` tokens per second, burst `rate`. Stale buckets are dropped so memory stays
 * bounded by the conversations active in the last minute.
 */
class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until a token is available (0: available now). */
  wait(key: string): number {
    const b = this.refill(key);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / this.rate) * 1000);
  }

  take(key: string): void {
    this.refill(key).tokens -= 1;
  }

  private refill(key: string): { tokens: number; at: number } {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 10_000) this.sweep(t);
      b = { tokens: this.rate, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.rate, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    return b;
  }

  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 60_000) this.buckets.delete(k);
  }
}

function httpStatus(err: unknown): { status?: number; retryAfter?: string } {
  const e = err as {
    response?: { status?: number; headers?: Record<string, unknown> };
    status?: number;
  };
  const status = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
  const h = e?.response?.headers;
  const raw =
    h &&
    (typeof (h as { get?: unknown }).get === 'function'
      ? (h as { get: (k: string) => unknown }).get('retry-after')
      : h['retry-after']);
  return { status, retryAfter: raw === undefined || raw === null ? undefined : String(raw) };
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The Teams notifier of the delivery queue: proactive messages to a stored conversation
 * reference, through the Bot Connector at the reference's serviceUrl. It neither retries nor
 * sleeps: over the local pace, or when Teams answers 429/412/502/503/504, it throws
 * RateLimitedError and the queue delays the job.
 */
export class TeamsNotifier implements Notifier {
  readonly platform = 'teams' as const;
  private readonly app: App;
  private readonly log: Logger;
  private readonly conversations: Buckets;
  private readonly tenants: Buckets;
  private readonly failures = new Map<string, number>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxBackoffMs: number;
  private readonly serviceUrls: ServiceUrlPattern[];
  private readonly localMode: boolean;

  constructor(opts: TeamsNotifierOptions) {
    this.serviceUrls = opts.config.TEAMS_SERVICE_URLS.map(parseServiceUrlPattern);
    this.localMode = opts.config.TEAMS_LOCAL_MODE;
    this.app =
      opts.app ?? createTeamsApp({ config: opts.config, log: opts.log, endpoints: opts.endpoints });
    this.log = opts.log.child({ component: 'teams-notifier' });
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.maxBackoffMs = opts.maxBackoffMs ?? 60_000;
    this.conversations = new Buckets(opts.perConversationPerSecond ?? 7, this.now);
    this.tenants = new Buckets(opts.perTenantPerSecond ?? 50, this.now);
  }

  async send(target: NotifierTarget, message: NeutralMessage): Promise<{ messageId: string }> {
    const parsed = ZReference.safeParse(target.reference);
    if (!parsed.success) {
      throw new TeamsSendError(
        'Référence de conversation Teams absente ou invalide',
        undefined,
        true,
      );
    }
    const reference = parsed.data;
    // The bot's access token goes with every request: never to a host off the allow-list, even
    // for a reference stored before the list existed.
    if (!serviceUrlAllowed(reference.serviceUrl, this.serviceUrls, { loopback: this.localMode })) {
      this.log.warn(
        { workspaceId: target.workspaceId },
        'Teams : serviceUrl hors liste, envoi refusé',
      );
      throw new TeamsSendError(
        'serviceUrl de la conversation hors de TEAMS_SERVICE_URLS',
        undefined,
        true,
      );
    }
    const conversationId = (target.address || reference.conversation.id).split(';')[0]!;
    const convKey = `${target.workspaceId}/${conversationId}`;

    // Both limits must allow the message before either token is spent.
    const wait = Math.max(this.conversations.wait(convKey), this.tenants.wait(target.workspaceId));
    if (wait > 0) throw new RateLimitedError(wait);
    this.conversations.take(convKey);
    this.tenants.take(target.workspaceId);

    const activity = cardActivity(renderMessage(message)) as unknown as OutgoingActivity;
    const api = this.app.api.clone({ serviceUrl: reference.serviceUrl.replace(/\/+$/, '') });
    try {
      let id: string | undefined;
      if (target.updateMessageId) {
        await api.conversations.activities(conversationId).update(target.updateMessageId, activity);
        id = target.updateMessageId;
      } else if (target.threadMessageId) {
        // Channels thread by conversation id (`;messageid=` of the root post); chats have no
        // threads, replyToId quotes the message the reply belongs to.
        const res =
          reference.conversation.conversationType === 'channel'
            ? await api.conversations
                .activities(toThreadedConversationId(conversationId, target.threadMessageId))
                .create(activity)
            : await api.conversations
                .activities(conversationId)
                .reply(target.threadMessageId, activity);
        id = res.id;
      } else {
        id = (await api.conversations.activities(conversationId).create(activity)).id;
      }
      this.failures.delete(convKey);
      if (!id)
        throw new TeamsSendError(
          'Teams a accepté le message sans en donner l’identifiant',
          undefined,
          false,
        );
      return { messageId: id };
    } catch (err) {
      if (err instanceof TeamsSendError) throw err;
      const { status, retryAfter } = httpStatus(err);
      if (status !== undefined && RETRYABLE.has(status)) {
        const n = (this.failures.get(convKey) ?? 0) + 1;
        this.failures.set(convKey, n);
        const fromHeader = retryAfterMs(retryAfter, this.now());
        // Exponential backoff with full jitter in its upper half when Teams gives no delay.
        const base = Math.min(this.maxBackoffMs, 1000 * 2 ** (n - 1));
        const delay = fromHeader ?? Math.round(base / 2 + (this.random() * base) / 2);
        this.log.warn({ status, delay, conversationId }, 'Teams : limite de débit');
        throw new RateLimitedError(delay);
      }
      const permanent = status !== undefined && PERMANENT.has(status);
      this.log.error(
        { err: err instanceof Error ? { message: err.message } : err, status, conversationId },
        'Teams : envoi refusé',
      );
      throw new TeamsSendError(`Envoi Teams refusé (HTTP ${status ?? '?'})`, status, permanent);
    }
  }
}
