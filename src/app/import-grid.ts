import { createHash } from 'node:crypto';
import { parseGridFile, type Grid } from '../domain/grid';
import { saveGrid, findGridByCode } from '../store/repositories/grids';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';

export type GridImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Imports an evaluation grid file (YAML or Markdown) for the Caf. The same grid imported again
 * changes nothing, whatever its layout in the file; another grid under an existing code replaces
 * it (survey rounds keep the grid they were launched with).
 */
export async function importGrid(
  deps: AppDeps,
  o: { tenantId: string; text: string; fileName: string; actor: Actor },
): Promise<{ grid: Grid; outcome: GridImportOutcome }> {
  const grid = parseGridFile(o.text, o.fileName);
  const checksum = createHash('sha256').update(JSON.stringify(grid)).digest('hex');
  return deps.db.$transaction(async (tx) => {
    const existing = await findGridByCode(tx, o.tenantId, grid.code);
    if (existing?.checksum === checksum) return { grid, outcome: 'unchanged' as const };
    const row = await saveGrid(tx, {
      tenantId: o.tenantId,
      code: grid.code,
      title: grid.title,
      definition: grid as unknown as object,
      checksum,
    });
    const outcome = existing ? ('updated' as const) : ('created' as const);
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: outcome === 'created' ? 'grid.imported' : 'grid.replaced',
      subjectType: 'grid',
      subjectId: row.id,
      data: { code: grid.code, levels: grid.levels.length, questions: grid.questions.length },
    });
    return { grid, outcome };
  });
}
