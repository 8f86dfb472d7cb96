import type { Grid } from '../domain/grid';
import { launchSubjectHint, launchSubjects } from '../domain/launch-subjects';
import type { Locale } from '../domain/types';
import { findTenantDraftVersion, recentDraftVersions } from '../store/repositories/draft-versions';
import { findGridByCode, listTenantGrids } from '../store/repositories/grids';
import { partnerOrganisations } from '../store/repositories/organisations';
import type { AppDeps } from './deps';

/**
 * What a pilot's launch form offers (Slack modal, Teams card): the tenant's 20 latest draft
 * versions, newest first, with their schéma, then its grids (an evaluation), as ONE list of
 * subjects (launchSubjects) with its hint; and its partner organisations by kind then name.
 */
export async function launchFormChoices(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  locale: Locale = 'fr',
) {
  const [drafts, organisations, gridRows] = await Promise.all([
    recentDraftVersions(deps.db, tenantId, 20),
    partnerOrganisations(deps.db, tenantId),
    listTenantGrids(deps.db, tenantId),
  ]);
  const grids = gridRows.map((r) => ({
    code: r.code,
    title: (r.definition as unknown as Grid).title,
  }));
  const subjects = launchSubjects(
    drafts.map((d) => ({ id: d.id, title: d.title, version: d.version, period: d.schema.period })),
    grids,
    locale,
  );
  return {
    drafts,
    grids,
    subjects,
    subjectHint: launchSubjectHint(subjects, locale),
    organisations,
  };
}

/** The draft version a launch form names, if it is the tenant's; null otherwise. */
export function launchDraftVersion(deps: Pick<AppDeps, 'db'>, tenantId: string, id: string) {
  return findTenantDraftVersion(deps.db, tenantId, id);
}

/** The grid a launch form names, if it is the tenant's; null otherwise. */
export function launchGrid(deps: Pick<AppDeps, 'db'>, tenantId: string, code: string) {
  return findGridByCode(deps.db, tenantId, code.trim().toLowerCase());
}
