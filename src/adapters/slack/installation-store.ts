import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Db } from '../../store/db';

/**
 * Slack OAuth installations (several workspaces) in Postgres, table `slack_installations`.
 * Key: an org-wide (Enterprise Grid) install is stored under its enterprise id, any other under
 * its team id (prefixed by the enterprise id when the team belongs to one), as Slack's own
 * stores do. Re-installing replaces the row (new scopes, new token).
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

export class PrismaInstallationStore implements InstallationStore {
  /**
   * @param db Prisma client
   * @param tenantId tenant the installations belong to. Default: none (set later by a pilot).
   */
  constructor(
    private readonly db: Db,
    private readonly tenantId?: string,
  ) {}

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const enterpriseId = installation.enterprise?.id;
    const teamId = installation.team?.id;
    const installKey = installationKey({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId,
      teamId,
    });
    const data = JSON.parse(JSON.stringify(installation)) as object;
    await this.db.slackInstallation.upsert({
      where: { installKey },
      create: {
        installKey,
        teamId: teamId ?? null,
        enterpriseId: enterpriseId ?? null,
        data,
        tenantId: this.tenantId ?? null,
      },
      update: { teamId: teamId ?? null, enterpriseId: enterpriseId ?? null, data },
    });
  }

  async fetchInstallation(
    query: InstallationQuery<boolean>,
  ): Promise<Installation<'v1' | 'v2', boolean>> {
    const row = await this.db.slackInstallation.findUnique({
      where: { installKey: installationKey(query) },
    });
    if (!row) throw new Error(`No Slack installation for ${installationKey(query)}`);
    return row.data as unknown as Installation<'v1' | 'v2', boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.db.slackInstallation.deleteMany({ where: { installKey: installationKey(query) } });
  }
}
