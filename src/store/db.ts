import { PrismaPg } from '@prisma/adapter-pg';
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
}

export function createDb(options: DbOptions): Db {
  const schema = options.schema ?? 'public';
  const adapter = new PrismaPg(
    {
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Raw SQL (the avis upsert) uses unqualified names: point the search path at our schema.
      options: `-c search_path="${schema}"`,
    },
    { schema },
  );
  return new PrismaClient({ adapter });
}
