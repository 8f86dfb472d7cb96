import type { Pool } from 'pg';
import { dbPool, type Db } from './db';

/**
 * Plain SQL for the delivery hot path. Through Prisma a raw query costs about three times what
 * it costs through `pg` directly (measured: 0.23 ms against 0.07 ms per query at concurrency 50),
 * and a fan-out runs two per message; the worker therefore runs them in plain SQL on the Prisma
 * client's own pg pool.
 */
export interface SqlClient {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  execute(text: string, params: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** Plain SQL on the pool of the Prisma client itself (createDb): no second pool to size. */
export function dbSql(db: Db): SqlClient {
  const pool: Pool = dbPool(db);
  return {
    async query<T>(text: string, params: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    async execute(text, params) {
      return (await pool.query(text, params)).rowCount ?? 0;
    },
    // The pool belongs to the Prisma client: $disconnect() ends it.
    close: async () => undefined,
  };
}
