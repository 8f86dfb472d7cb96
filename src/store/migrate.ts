import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Applies prisma/migrations/<name>/migration.sql in order and records each one in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same checksum:
 * the SHA-256 of the file), so either tool can take over the same database. Prisma's CLI cannot
 * run on machines where its schema-engine binary cannot be downloaded; this runner can.
 */
export const MIGRATIONS_DIR = findMigrationsDir(__dirname);

/** The project's prisma/migrations, above this file wherever it was compiled to (dist/, dist/bench/…). */
function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(from, '..', '..', 'prisma', 'migrations');
  }
}

// The advisory lock key `prisma migrate` takes, so the two never run at once.
const PRISMA_ADVISORY_LOCK = 72707369;

export interface MigrateOptions {
  url: string;
  /** Schema to migrate. Default: public. */
  schema?: string;
  /** Folder of migrations. Default: prisma/migrations of this project. */
  dir?: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`Dossier de migrations introuvable : ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!dbName) return false;
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // created meanwhile
  } finally {
    await client.end();
  }
  return true;
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const schema = options.schema ?? 'public';
  const migrations = readMigrations(options.dir ?? MIGRATIONS_DIR);
  const client = new Client({
    connectionString: options.url,
    options: `-c search_path="${schema}"`,
  });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `La migration ${failed.migration_name} a échoué lors d'un passage précédent : corrigez la base puis marquez-la (prisma migrate resolve).`,
      );
    }
    const done = new Map(
      rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]),
    );
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new MigrationError(
            `La migration ${m.name} a été modifiée après avoir été appliquée (somme de contrôle différente).`,
          );
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      const id = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new MigrationError(`La migration ${m.name} a échoué : ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK])
      .catch(() => undefined);
    await client.end();
  }
  return result;
}
