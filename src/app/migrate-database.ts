import { ensureDatabase, migrate, type MigrateResult } from '../store/migrate';

/**
 * `concerto db migrate`: creates the database when it does not exist, then applies the pending
 * migrations (compatible with `prisma migrate deploy`).
 */
export async function migrateDatabase(url: string): Promise<MigrateResult & { created: boolean }> {
  const created = await ensureDatabase(url);
  return { created, ...(await migrate({ url })) };
}
