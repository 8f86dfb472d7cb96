import type { Application } from 'express';
import type { Logger } from 'pino';
import { publicUrl, type TConfig } from '../../../config';
import type { AppDeps } from '../../../app/deps';
import { inviteThrottleOf } from '../../../app/invite-throttle';
import { teamsTenantRegistry } from '../../../app/teams-tenants';
import { mountTeams, type MountedTeams } from '../app';
import { exportLinkSigner, mountExportLinks } from '../export-link';
import type { TeamsEndpoints } from '../sdk';
import { mountTab } from '../tab/router';
import { type ConcertoTeamsOptions } from './shared';
import { createConcertoTeamsHandlers } from './bot';
import { createConcertoTabHandlers } from './tab';

export interface MountTeamsForConcertoOptions {
  config: TConfig;
  deps: AppDeps;
  log: Logger;
  /** Endpoint overrides (tests, sovereign clouds). Default: Microsoft's public cloud. */
  endpoints?: TeamsEndpoints;
  /** Signing keys of the tab's SSO tokens (tests). Default: Entra's multi-tenant JWKS. */
  tabJwksUri?: string;
}

export interface MountedConcertoTeams extends MountedTeams {
  /** The tab and its API are mounted (they need TEAMS_CLIENT_ID for SSO). */
  tab: boolean;
}

/**
 * Mounts everything Teams on the web process's Express app: the bot at /api/messages, the tab
 * and its API at /tab (when TEAMS_CLIENT_ID is set), and the signed export downloads. Resolves
 * to undefined (after one log line) when Teams is not configured. The returned `app` is the SDK
 * app: pass it to `new TeamsNotifier({ config, log, app })` in the same process.
 */
export async function mountTeamsForConcerto(
  expressApp: Application,
  o: MountTeamsForConcertoOptions,
): Promise<MountedConcertoTeams | undefined> {
  const base = publicUrl(o.config);
  const exportLinks = exportLinkSigner({
    ...(o.config.TEAMS_CLIENT_SECRET ? { secret: o.config.TEAMS_CLIENT_SECRET } : {}),
    publicUrl: base,
  });
  const tenants = teamsTenantRegistry(o.deps.db, o.config.TEAMS_TENANT_ID);
  const opts: ConcertoTeamsOptions = {
    deps: { ...o.deps, publicUrl: o.deps.publicUrl ?? base },
    log: o.log,
    exportLinks,
    // Local mode (Agents Playground) has no Microsoft 365 tenant to check.
    ...(o.config.TEAMS_LOCAL_MODE ? {} : { tenants }),
    inviteThrottle: inviteThrottleOf(o.config),
  };
  const mounted = await mountTeams(expressApp, {
    config: o.config,
    log: o.log,
    handlers: createConcertoTeamsHandlers(opts),
    tenantKnown: (tid) => tenants.isKnown(tid),
    ...(o.endpoints ? { endpoints: o.endpoints } : {}),
  });
  if (!mounted) return undefined;
  mountExportLinks(expressApp, { deps: opts.deps, signer: exportLinks, log: o.log });
  const tab = mountTab(expressApp, {
    config: o.config,
    log: o.log,
    handlers: createConcertoTabHandlers(opts),
    ...(o.tabJwksUri ? { jwksUri: o.tabJwksUri } : {}),
    tenantKnown: (tid) => tenants.isKnown(tid),
  });
  return { ...mounted, tab };
}
