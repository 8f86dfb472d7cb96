import type { Application } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TConfig } from '../../../config';
import type { AppDeps } from '../../../app/deps';
import { inviteThrottleOf } from '../../../app/invite-throttle';
import { slackInstallationStore } from '../../../app/slack-installations';
import { mountSlack, type SlackApp } from '../app';
import { RedisDedupStore } from '../dedup';

import { createConcertoSlackHandlers } from './handlers';

export interface MountSlackForConcertoOptions {
  config: TConfig;
  deps: AppDeps;
  log: Logger;
  /** The web process's Redis: Slack's retry and replay de-duplication keys live there. */
  redis: Redis;
  /** Prefix of the de-duplication keys. Default: `<QUEUE_PREFIX>:slack:seen:`. */
  dedupPrefix?: string;
}

/**
 * Mounts Slack for Concerto on the web process's Express app (POST /slack/events, and the OAuth
 * routes when SLACK_CLIENT_ID is set), or opens the Socket Mode connection when SLACK_APP_TOKEN
 * is set. Resolves to undefined (after one log line) when Slack is not configured. Call `stop()`
 * on shutdown (closes the Socket Mode connection; nothing to do in HTTP mode).
 */
export async function mountSlackForConcerto(
  expressApp: Application,
  o: MountSlackForConcertoOptions,
): Promise<SlackApp | undefined> {
  const slack = mountSlack(expressApp, {
    config: o.config,
    log: o.log,
    handlers: createConcertoSlackHandlers({
      deps: o.deps,
      log: o.log,
      inviteThrottle: inviteThrottleOf(o.config),
    }),
    dedup: new RedisDedupStore(o.redis, o.dedupPrefix ?? `${o.config.QUEUE_PREFIX}:slack:seen:`),
    ...(o.config.SLACK_CLIENT_ID
      ? { installationStore: slackInstallationStore(o.deps, o.config) }
      : {}),
  });
  if (!slack) return undefined;
  await slack.start();
  o.log.info({ mode: slack.mode, auth: slack.auth }, 'Slack branché');
  return slack;
}
