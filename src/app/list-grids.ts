import type { Grid } from '../domain/grid';
import { listTenantGrids } from '../store/repositories/grids';
import type { AppDeps } from './deps';

/** The Caf's evaluation grids, by code, with their definition. */
export async function listGrids(deps: AppDeps, o: { tenantId: string }) {
  const rows = await listTenantGrids(deps.db, o.tenantId);
  return rows.map((r) => ({
    grid: r.definition as unknown as Grid,
    updatedAt: r.updatedAt,
  }));
}
