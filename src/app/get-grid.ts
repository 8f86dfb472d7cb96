import { DomainError } from '../domain/errors';
import type { Grid } from '../domain/grid';
import { findGridByCode } from '../store/repositories/grids';
import type { AppDeps } from './deps';

/** One of the Caf's grids by code; GRID_NOT_FOUND otherwise (another Caf's grid included). */
export async function getGrid(
  deps: AppDeps,
  o: { tenantId: string; code: string },
): Promise<{ grid: Grid; updatedAt: Date }> {
  const row = await findGridByCode(deps.db, o.tenantId, o.code.trim().toLowerCase());
  if (!row) throw new DomainError('GRID_NOT_FOUND', { code: o.code });
  return { grid: row.definition as unknown as Grid, updatedAt: row.updatedAt };
}
