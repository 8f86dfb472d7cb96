import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db';
import type { SecretBox } from '../secret-box';

/**
 * Slack OAuth installations (several workspaces) in Postgres, table `slack_installations`.
 * Key: an org-wide (Enterprise Grid) install is stored under its enterprise id, any other under
 * its team id (prefixed by the enterprise id when the team belongs to one), as Slack's own
 * stores do. Re-installing replaces the row (new scopes, new token).
 *
 * With a SecretBox (CONCERTO_ENCRYPTION_KEY), the installation — bot and user tokens included —
 * is stored encrypted (`data_sealed`, `key_id`); rows in clear (written before the migration, or
 * without a key) and rows of an old key are re-encrypted with the current key when read.
 */
export function installationKey(q: {
  isEnterpriseInstall?: boolean;
  enterpriseId?: string;
  teamId?: string;
}): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (!q.teamId) throw new Error('Slack installation without a team id');
  return `T:${q.enterpriseId ?? '-'}:${q.teamId}`;
}

type SlackInstallationRow = {
  id: string;
  installKey: string;
  data: Prisma.JsonValue | null;
  dataSealed: Uint8Array | null;
  keyId: string | null;
};
type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/** The columns that hold an installation: sealed with the box when there is one, else in clear. */
function stored(installKey: string, installation: unknown, box: SecretBox | undefined) {
  const json = JSON.stringify(installation);
  if (!box) return { data: JSON.parse(json) as object, dataSealed: null, keyId: null };
  const { keyId, sealed } = box.seal(json, installKey);
  return { data: Prisma.DbNull, dataSealed: new Uint8Array(sealed), keyId };
}

/**
 * The installation of a row, re-encrypted with the current key first when it is in clear or
 * under an old key (and a box is configured).
 */
async function readInstallationRow(
  db: Db,
  row: SlackInstallationRow,
  box: SecretBox | undefined,
): Promise<AnyInstallation> {
  let installation: AnyInstallation;
  if (row.dataSealed && row.keyId) {
    if (!box)
      throw new Error(
        `Installation Slack ${row.installKey} chiffrée, mais CONCERTO_ENCRYPTION_KEY n'est pas configurée`,
      );
    installation = JSON.parse(
      box.open(row.keyId, row.dataSealed, row.installKey),
    ) as AnyInstallation;
    if (!box.isOld(row.keyId)) return installation;
  } else {
    installation = row.data as unknown as AnyInstallation;
    if (!box) return installation;
  }
  await db.slackInstallation.update({
    where: { id: row.id },
    data: stored(row.installKey, installation, box),
  });
  return installation;
}

export class PrismaInstallationStore implements InstallationStore {
  /**
   * @param db Prisma client
   * @param tenantId tenant the installations belong to. Default: none (set later by a pilot).
   * @param box encryption of the stored installations. Default: none (stored in clear; config.ts
   *   refuses that in production).
   */
  constructor(
    private readonly db: Db,
    private readonly tenantId?: string,
    private readonly box?: SecretBox,
  ) {}

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const enterpriseId = installation.enterprise?.id;
    const teamId = installation.team?.id;
    const installKey = installationKey({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId,
      teamId,
    });
    const columns = stored(installKey, installation, this.box);
    await this.db.slackInstallation.upsert({
      where: { installKey },
      create: {
        installKey,
        teamId: teamId ?? null,
        enterpriseId: enterpriseId ?? null,
        ...columns,
        tenantId: this.tenantId ?? null,
      },
      update: { teamId: teamId ?? null, enterpriseId: enterpriseId ?? null, ...columns },
    });
  }

  async fetchInstallation(
    query: InstallationQuery<boolean>,
  ): Promise<Installation<'v1' | 'v2', boolean>> {
    const row = await this.db.slackInstallation.findUnique({
      where: { installKey: installationKey(query) },
    });
    if (!row) throw new Error(`No Slack installation for ${installationKey(query)}`);
    return readInstallationRow(this.db, row, this.box);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.db.slackInstallation.deleteMany({ where: { installKey: installationKey(query) } });
  }
}

/**
 * The bot token of a workspace (`workspaceId`: its team id, or the enterprise id of an org-wide
 * install), or undefined when no installation holds one. An installation in clear or under an old
 * key is re-encrypted on the way, as by fetchInstallation.
 */
export async function findSlackBotToken(
  db: Db,
  box: SecretBox | undefined,
  workspaceId: string,
): Promise<string | undefined> {
  const rows = await db.slackInstallation.findMany({
    where: {
      installKey: {
        in: [
          installationKey({ teamId: workspaceId }),
          installationKey({ isEnterpriseInstall: true, enterpriseId: workspaceId }),
        ],
      },
    },
  });
  const byTeam = await db.slackInstallation.findFirst({
    where: { teamId: workspaceId },
    orderBy: { updatedAt: 'desc' },
  });
  const row = rows[0] ?? byTeam;
  return row ? (await readInstallationRow(db, row, box)).bot?.token : undefined;
}

/**
 * Every installation in clear or under an old key, re-encrypted with the current key (`concerto
 * slack reencrypt`, after setting a new CONCERTO_ENCRYPTION_KEY and listing the former one in
 * CONCERTO_ENCRYPTION_OLD_KEYS). Afterwards the old keys can be removed from the environment.
 */
export async function reencryptInstallations(
  db: Db,
  box: SecretBox,
): Promise<{ reencrypted: number; unchanged: number; unreadable: string[] }> {
  const rows = await db.slackInstallation.findMany({
    select: { id: true, installKey: true, data: true, dataSealed: true, keyId: true },
    orderBy: { installKey: 'asc' },
  });
  let reencrypted = 0;
  // A row no configured key opens is reported and left as it is: the others still rotate.
  const unreadable: string[] = [];
  for (const row of rows) {
    const stale = !row.keyId || box.isOld(row.keyId);
    try {
      await readInstallationRow(db, row, box);
      if (stale) reencrypted += 1;
    } catch {
      unreadable.push(row.installKey);
    }
  }
  return { reencrypted, unchanged: rows.length - reencrypted - unreadable.length, unreadable };
}
