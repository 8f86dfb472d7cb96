import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The layering of ARCHITECTURE.md as `npm run lint` checks it: dependency-cruiser with the
 * repository's own configuration, on the real tree and on a small tree that breaks each rule.
 */
const ROOT = path.resolve(__dirname, '../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.js');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function depcruise(cwd: string, what = 'src') {
  const r = spawnSync(
    process.execPath,
    [DEPCRUISE, what, '--config', CONFIG, '--output-type', 'err'],
    { cwd, encoding: 'utf8', timeout: 50_000 },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A throwaway project with `files` (path → source) under its own src/. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-layering-'));
  // The real packages, so that `pg` and `@prisma/client` resolve as they do in the project.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true }, include: ['src'] }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('the layering rule (dependency-cruiser in npm run lint)', () => {
  it('holds on the real source tree', () => {
    const r = depcruise(ROOT);
    expect(r.output).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  });

  describe('on a tree that breaks it', () => {
    let dir: string;
    let r: { status: number | null; output: string };

    beforeAll(() => {
      dir = tree({
        'src/store/db.ts': 'export type Db = { ping(): Promise<void> };\n',
        'src/app/deps.ts':
          "import type { Db } from '../store/db';\nexport type AppDeps = { db: Db };\n",
        // A channel may use a use case's types (allowed), not the store, Prisma or pg.
        'src/adapters/slack/ok.ts':
          "import type { AppDeps } from '../../app/deps';\nexport type Ok = AppDeps;\n",
        'src/adapters/slack/handlers.ts':
          "import type { Db } from '../../store/db';\nexport const handle = (db: Db) => db.ping();\n",
        'src/http/server.ts': "import { Pool } from 'pg';\nexport const pool = () => new Pool();\n",
        'src/cli/commands/core.ts':
          "import { PrismaClient } from '@prisma/client';\nexport const client = () => new PrismaClient();\n",
        'src/domain/round.ts':
          "import type { AppDeps } from '../app/deps';\nexport type Rule = (deps: AppDeps) => boolean;\n",
        'src/store/repositories/rounds.ts':
          "import type { AppDeps } from '../../app/deps';\nexport type Store = AppDeps;\n",
        'src/reports/chart.ts':
          "import type { Db } from '../store/db';\nexport type Chart = (db: Db) => string;\n",
        'src/domain/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
        'src/domain/b.ts': "import { a } from './a';\nexport const b = (): unknown => a;\n",
      });
      r = depcruise(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fails', () => {
      expect(r.status).not.toBe(0);
    });

    it('reports a channel importing the store, pg or Prisma', () => {
      expect(r.output).toMatch(
        /channels-without-store: src\/adapters\/slack\/handlers\.ts → src\/store\/db\.ts/,
      );
      expect(r.output).toMatch(
        /channels-without-store: src\/http\/server\.ts → \S*node_modules\/pg\//,
      );
      expect(r.output).toMatch(
        /channels-without-store: src\/cli\/commands\/core\.ts → \S*node_modules\/@prisma\/client\//,
      );
      expect(r.output).not.toMatch(/src\/adapters\/slack\/ok\.ts/);
    });

    it('reports the store importing a use case', () => {
      expect(r.output).toMatch(
        /store-below-app: src\/store\/repositories\/rounds\.ts → src\/app\/deps\.ts/,
      );
    });

    it('reports a report renderer reading the store', () => {
      expect(r.output).toMatch(/reports-render-only: src\/reports\/chart\.ts → src\/store\/db\.ts/);
    });

    it('reports the domain importing a use case, and a cycle', () => {
      expect(r.output).toMatch(/domain-is-pure: src\/domain\/round\.ts → src\/app\/deps\.ts/);
      expect(r.output).toMatch(/no-circular: src\/domain\/a\.ts/);
    });
  });
});
