import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../db';

/** Queries on `grids` (the Caf's evaluation grids). */

export interface GridRowInput {
  tenantId: string;
  code: string;
  title: string;
  definition: Prisma.InputJsonValue;
  checksum: string;
}

/** The tenant's grid with this code, or null. */
export function findGridByCode(tx: Tx, tenantId: string, code: string) {
  return tx.grid.findUnique({ where: { tenantId_code: { tenantId, code } } });
}

/** Creates the grid, or replaces the definition of the one with the same code. */
export function saveGrid(tx: Tx, g: GridRowInput) {
  return tx.grid.upsert({
    where: { tenantId_code: { tenantId: g.tenantId, code: g.code } },
    create: g,
    update: {
      title: g.title,
      definition: g.definition,
      checksum: g.checksum,
      updatedAt: new Date(),
    },
  });
}

/** The tenant's grids, by code. */
export function listTenantGrids(tx: Tx, tenantId: string) {
  return tx.grid.findMany({ where: { tenantId }, orderBy: { code: 'asc' } });
}
