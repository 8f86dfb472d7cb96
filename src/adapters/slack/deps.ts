import type { InstallationStore } from '@slack/bolt';
import type { Logger } from 'pino';
import type { DedupStore } from './dedup';
import type { SlackHandlers } from './handlers';

export interface SlackAppDeps {
  log: Logger;
  handlers: SlackHandlers;
  /** Remembers handled requests so retries and replays run once (RedisDedupStore in production). */
  dedup: DedupStore;
  /**
   * Where OAuth installations are kept (app/slack-installations.ts: slackInstallationStore, in
   * Postgres). Required for OAuth.
   */
  installationStore?: InstallationStore;
  /** How long a handled request is remembered, in seconds. Default: 3600. */
  dedupTtlSeconds?: number;
  /** Clock in ms, for the signature timestamp check. Default: Date.now. */
  now?: () => number;
  /** How long a user's Slack locale is cached, in ms. Default: 1 hour. */
  localeCacheMs?: number;
}
