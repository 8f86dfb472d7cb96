import type { Tx } from '../db';

/**
 * Runs `fn` inside a savepoint of the caller's transaction: if it throws, only its writes are
 * undone (the transaction goes on) and the error is rethrown. The agrément reminder uses it so
 * that an evaluation refused by a rule (a grid emptied, a deadline past) does not take the
 * reminder itself down.
 */
export async function withSavepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await tx.$executeRaw`SAVEPOINT agrement_evaluation`;
  try {
    const result = await fn();
    await tx.$executeRaw`RELEASE SAVEPOINT agrement_evaluation`;
    return result;
  } catch (err) {
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT agrement_evaluation`;
    throw err;
  }
}

/** Cells of an organisation's answer that hold something (a text or a rating), per round. */
export async function filledCellCounts(
  tx: Tx,
  rows: { roundId: string; organisationId: string }[],
): Promise<Map<string, { filled: number; finishedAt: Date | null }>> {
  const out = new Map<string, { filled: number; finishedAt: Date | null }>();
  if (rows.length === 0) return out;
  const responses = await tx.surveyResponse.findMany({
    where: { OR: rows.map((r) => ({ roundId: r.roundId, organisationId: r.organisationId })) },
    select: {
      roundId: true,
      finishedAt: true,
      _count: {
        select: { cells: { where: { OR: [{ text: { not: '' } }, { rating: { not: null } }] } } },
      },
    },
  });
  for (const r of responses)
    out.set(r.roundId, { filled: r._count.cells, finishedAt: r.finishedAt });
  return out;
}
