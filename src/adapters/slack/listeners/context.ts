import { randomUUID } from 'node:crypto';
import type { App, RespondFn, webApi } from '@slack/bolt';
import type { Locale } from '../../../domain/types';
import { withCorrelation } from '../../../logger';
import { DEFAULT_DEDUP_TTL_SECONDS, dedupKeyOf } from '../dedup';
import type { SlackAppDeps } from '../deps';
import type { RenderedMessage } from '../render';
import { localeOf, strings } from '../i18n';
import {
  identityOfInteraction,
  ZViewSubmission,
  type SlackIdentity,
  type TViewSubmission,
} from '../parse';

/** What every listener starts from: the request's state, the user's profile, the failure path. */

export interface RequestState {
  correlationId: string;
  dedupKey: string;
}

export type ListenerKit = ReturnType<typeof listenerKit>;

export function listenerKit(deps: SlackAppDeps) {
  const { handlers, dedup, log } = deps;
  const localeCacheMs = deps.localeCacheMs ?? 60 * 60 * 1000;
  const profiles = new Map<string, { locale: Locale; name?: string; until: number }>();

  /** The user's language and display name (users.info), cached: one call per user and hour. */
  async function profileFor(
    client: webApi.WebClient,
    who: SlackIdentity,
  ): Promise<{ locale: Locale; name?: string }> {
    const key = `${who.teamId}:${who.userId}`;
    const cached = profiles.get(key);
    if (cached && cached.until > Date.now()) return cached;
    let locale: Locale = 'fr';
    let name: string | undefined;
    try {
      const info = await client.users.info({ user: who.userId, include_locale: true });
      const user = info.user as
        | {
            locale?: string;
            real_name?: string;
            name?: string;
            profile?: { display_name?: string; real_name?: string };
          }
        | undefined;
      locale = localeOf(user?.locale);
      name =
        user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name;
    } catch (err) {
      log.debug({ err }, 'Slack : profil inconnu, français par défaut');
    }
    if (profiles.size > 50_000) profiles.clear();
    const entry = { locale, ...(name ? { name } : {}), until: Date.now() + localeCacheMs };
    profiles.set(key, entry);
    return entry;
  }
  const localeFor = async (client: webApi.WebClient, who: SlackIdentity) =>
    (await profileFor(client, who)).locale;

  /** What both modal submissions start from: the payload, who sent it, in which language. */
  const submission = async (
    body: unknown,
    client: webApi.WebClient,
    context: Record<string, unknown>,
  ) => {
    const payload = ZViewSubmission.parse(body);
    const who = identityOfInteraction(payload);
    const locale = await localeFor(client, who);
    return {
      state: stateOf(context),
      payload,
      who,
      locale,
      t: strings(locale),
      blockIds: inputBlockIds(payload),
    };
  };

  function stateOf(context: Record<string, unknown>): RequestState {
    return {
      correlationId:
        typeof context.correlationId === 'string' ? context.correlationId : randomUUID(),
      dedupKey: typeof context.dedupKey === 'string' ? context.dedupKey : '',
    };
  }

  /** Unexpected failure: log it, free the claim so Slack's retry can do the work, tell the user. */
  async function failed(err: unknown, state: RequestState, what: string): Promise<void> {
    log.error({ err, what, correlationId: state.correlationId }, 'Slack : échec du traitement');
    if (state.dedupKey) await dedup.release(state.dedupKey).catch(() => undefined);
  }

  return { deps, handlers, log, profileFor, localeFor, submission, stateOf, failed };
}

/**
 * Retries and replays: claimed before any listener; a request already claimed is acknowledged
 * and not run again (see dedup.ts).
 */
export function claimOnce(bolt: App, deps: SlackAppDeps): void {
  const { dedup, log } = deps;
  const ttl = deps.dedupTtlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS;
  bolt.use(async (args) => {
    const { body, context, next } = args;
    const correlationId = randomUUID();
    const dedupKey = dedupKeyOf(body);
    context.correlationId = correlationId;
    context.dedupKey = dedupKey;
    if (!(await dedup.claim(dedupKey, ttl))) {
      log.info(
        { dedupKey, retryNum: context.retryNum, retryReason: context.retryReason },
        'Slack : requête déjà traitée, ignorée',
      );
      if ('ack' in args && typeof args.ack === 'function')
        await (args.ack as () => Promise<void>)();
      return;
    }
    await withCorrelation(correlationId, () => next());
  });
}

function inputBlockIds(payload: TViewSubmission): string[] {
  const blocks = (payload.view as { blocks?: { type?: string; block_id?: string }[] }).blocks;
  const inputs = Array.isArray(blocks)
    ? blocks
        .filter((b) => b.type === 'input' && typeof b.block_id === 'string')
        .map((b) => b.block_id as string)
    : [];
  // An error must land under some input, or Slack shows nothing: fall back on the state's blocks.
  return inputs.length > 0 ? inputs : Object.keys(payload.view.state.values);
}

/**
 * A reply only the user sees: through the request's response_url when Slack gave one (ephemeral,
 * the original left as it is), otherwise by `fallback`.
 */
export function privateReply(
  respond: RespondFn,
  responseUrl: string | undefined,
  fallback: (r: RenderedMessage) => Promise<unknown>,
): (r: RenderedMessage) => Promise<void> {
  return async (r) => {
    if (responseUrl)
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: r.text,
        blocks: r.blocks,
      });
    else await fallback(r);
  };
}
