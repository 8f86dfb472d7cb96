import { pingDatabase } from '../store/health';
import type { AppDeps } from './deps';

/** Resolves when the database answers one query (readiness probe); rejects otherwise. */
export function databaseReady(deps: Pick<AppDeps, 'db'>): Promise<void> {
  return pingDatabase(deps.db);
}
