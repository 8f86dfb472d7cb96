import { Pool } from 'pg';
import type { Db } from '../store/db';

/**
 * Plain SQL for the delivery hot path. Through Prisma a raw query costs about three times what
 * it costs through `pg` directly (measured: 0.23 ms against 0.07 ms per query at concurrency 50),
 * and a fan-out runs two per message; the worker therefore opens a small pg pool of its own when
 * it is given the database URL, and falls back to Prisma otherwise.
 */
export interface SqlClient {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  execute(text: string, params: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export function prismaSql(db: Db): SqlClient {
  return {
    query: <T>(text: string, params: unknown[]) => db.$queryRawUnsafe<T[]>(text, ...params),
    execute: (text, params) => db.$executeRawUnsafe(text, ...params),
    close: async () => undefined,
  };
}

export interface PgSqlOptions {
  url: string;
  /** Postgres schema of Concerto's tables. Default: public. */
  schema?: string;
  /** Connections. Default: 10. */
  poolSize?: number;
}

export function pgSql(o: PgSqlOptions): SqlClient {
  const pool = new Pool({
    connectionString: o.url,
    max: o.poolSize ?? 10,
    options: `-c search_path="${o.schema ?? 'public'}"`,
  });
  pool.on('error', () => undefined); // an idle client's error: the next query reconnects
  return {
    async query<T>(text: string, params: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    async execute(text, params) {
      return (await pool.query(text, params)).rowCount ?? 0;
    },
    close: () => pool.end(),
  };
}
