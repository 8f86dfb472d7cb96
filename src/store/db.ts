import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;
/** A Prisma client or the client of an open interactive transaction. */
export type Tx = Omit<
  PrismaClient,
  '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'
>;

export interface DbOptions {
  /** Postgres connection string. */
  url: string;
  /** Postgres schema holding Concerto's tables. Default: public (tests use one schema each). */
  schema?: string;
  /** Connections in the pool. Default: 10. */
  poolSize?: number;
  /**
   * How long opening a connection may take before the query fails (an unreachable host would
   * otherwise wait for the system's TCP timeout, minutes). Default: 5 s.
   */
  connectTimeoutMs?: number;
}

const pools = new WeakMap<Db, Pool>();

/**
 * `?schema=name` in a connection string (Prisma's convention) chooses the Postgres schema; it
 * is taken out of the URL handed to pg, which would send it to the server as a setting.
 */
export function splitSchema(url: string): { url: string; schema?: string } {
  if (!url.includes('schema=')) return { url };
  try {
    const u = new URL(url);
    const schema = u.searchParams.get('schema');
    if (!schema) return { url };
    u.searchParams.delete('schema');
    return { url: u.toString(), schema };
  } catch {
    return { url };
  }
}

/**
 * The Prisma client, on a pg pool that the few hot paths written in plain SQL share (the vote,
 * see app/cast-avis.ts; the delivery job). `$disconnect()` ends the pool.
 */
export function createDb(options: DbOptions): Db {
  const { url, schema: urlSchema } = splitSchema(options.url);
  const schema = options.schema ?? urlSchema ?? 'public';
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // Raw SQL uses unqualified names: point the search path at our schema.
    options: `-c search_path="${schema}"`,
    // Idle connections never keep a CLI command or a test process alive.
    allowExitOnIdle: true,
  });
  pool.on('error', () => undefined); // an idle connection's error: the next query reconnects
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, { schema, disposeExternalPool: true }),
  });
  pools.set(db, pool);
  return db;
}

/**
 * The pg pool under `tx` when it is a client made by createDb, undefined when it is the client of
 * an interactive transaction (whose statements must stay on the transaction's connection).
 */
export function rootPoolOf(tx: Tx): Pool | undefined {
  return pools.get(tx as Db);
}

/** The pg pool under a client made by createDb (plain-SQL hot paths share it). */
export function dbPool(db: Db): Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('dbPool: this client was not made by createDb');
  return pool;
}
