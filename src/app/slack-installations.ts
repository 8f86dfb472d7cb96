import type { InstallationStore } from '@slack/bolt';
import type { TConfig } from '../config';
import { DomainError } from '../domain/errors';
import {
  findSlackBotToken,
  PrismaInstallationStore,
  reencryptInstallations,
} from '../store/repositories/slack-installations';
import { SecretBox } from '../store/secret-box';
import type { AppDeps } from './deps';

type EncryptionConfig = Pick<TConfig, 'CONCERTO_ENCRYPTION_KEY' | 'CONCERTO_ENCRYPTION_OLD_KEYS'>;

/**
 * The Slack OAuth installations of this deployment, as Bolt's InstallationStore (table
 * `slack_installations`, encrypted with CONCERTO_ENCRYPTION_KEY when it is set).
 *
 * @param tenantId tenant stored on new installations. Default: none (set later by a pilot).
 */
export function slackInstallationStore(
  deps: Pick<AppDeps, 'db'>,
  config: EncryptionConfig,
  tenantId?: string,
): InstallationStore {
  return new PrismaInstallationStore(deps.db, tenantId, SecretBox.fromConfig(config));
}

/** The stored bot token of a workspace (team id, or enterprise id of an org-wide install). */
export type SlackBotTokenLookup = (workspaceId: string) => Promise<string | undefined>;

export function slackBotTokenLookup(
  deps: Pick<AppDeps, 'db'>,
  config: EncryptionConfig,
): SlackBotTokenLookup {
  const box = SecretBox.fromConfig(config);
  return (workspaceId) => findSlackBotToken(deps.db, box, workspaceId);
}

/**
 * `concerto slack reencrypt`: every installation in clear or under an old key, re-encrypted
 * with the current key. Refused without CONCERTO_ENCRYPTION_KEY; an installation no configured
 * key opens is left as it is and listed in `unreadable`.
 */
export async function reencryptSlackInstallations(
  deps: Pick<AppDeps, 'db'>,
  config: EncryptionConfig,
): Promise<{ keyId: string; reencrypted: number; unchanged: number; unreadable: string[] }> {
  const box = SecretBox.fromConfig(config);
  if (!box) throw new DomainError('ENCRYPTION_KEY_MISSING');
  return { keyId: box.currentKeyId, ...(await reencryptInstallations(deps.db, box)) };
}
