import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

describe('concerto grid: evaluation grids imported, listed and shown', () => {
  let t: TestDb;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-grid-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(async () => {
    t = await createTestDb({ label: 'grid' });
    const seed = await cli(t, ['seed', 'demo']);
    expect(seed.code).toBe(0);
    expect(seed.out).toContain(
      "grille d'évaluation : « Évaluer l'animation de la vie sociale dans le Val-de-Marne » (evaluation-94)",
    );
  });
  afterAll(async () => t.drop());

  it('ships the Val-de-Marne grid with the demo, and shows it', async () => {
    const list = await cli(t, ['grid', 'list']);
    expect(list.out).toBe(
      "evaluation-94  « Évaluer l'animation de la vie sociale dans le Val-de-Marne »  4 niveaux × 4 questions, 16 cases (toutes notées sur 4 échelons)",
    );
    const show = await cli(t, ['grid', 'show', 'evaluation-94']);
    expect(show.code).toBe(0);
    expect(show.out).toContain('  1. Que regarde-t-on ? [notée] — Les effets');
    expect(show.out).toContain('  4. Actions — Les projets et activités menés.');
    expect(show.out).toContain('Échelle de notation :\n  1. À construire\n  2. Amorcé');
    // Seeding again changes nothing.
    const again = await cli(t, ['seed', 'demo']);
    expect(again.out).toContain('(evaluation-94) (déjà importée)');
  });

  it('imports a 3 × 5 grid from Markdown without code changes; the same file again is a no-op', async () => {
    const md = file(
      'bilan.md',
      [
        '---',
        'code: bilan-3x5',
        'titre: Bilan de mi-parcours',
        'notation:',
        '  libelles: [Non, Plutôt non, Plutôt oui, Oui]',
        '  questions: [Quoi ?]',
        '---',
        '| Niveau | Quoi ? | Comment ? | Quand ? | Combien ? | Avec qui ? |',
        '| --- | --- | --- | --- | --- | --- |',
        '| Quartier | Les besoins | | | | |',
        '| Commune | | | | | |',
        '| Département | | | | | |',
      ].join('\n'),
    );
    const first = await cli(t, ['grid', 'import', md]);
    expect(first.err).toBe('');
    expect(first.out).toBe(
      'Grille importée : « Bilan de mi-parcours » (bilan-3x5), 3 niveaux × 5 questions, 15 cases (3 notées sur 4 échelons).',
    );
    const second = await cli(t, ['grid', 'import', md]);
    expect(second.out).toMatch(/^Grille déjà importée, inchangée/);
    const show = await cli(t, ['grid', 'show', 'bilan-3x5']);
    expect(show.out).toContain('Consignes de cases :\n  Quartier × Quoi ? : Les besoins');
    expect(await t.db.grid.count()).toBe(2);
    expect(await t.db.auditEvent.count({ where: { action: 'grid.imported' } })).toBe(2);
  });

  it('refuses a bad grid file with the problem named, exit 1, nothing stored', async () => {
    const before = await t.db.grid.count();
    const cases: [string, string, RegExp][] = [
      [
        'doublon.yaml',
        'code: doublon\ntitre: T\nquestions: [Quoi ?, Avec qui ?, Avec  qui ?]\nniveaux: [A]\n',
        /Deux questions portent le même libellé « Avec qui \? » \(n° 2 et 3\)/,
      ],
      [
        'sans-libelles.yaml',
        'code: sans-libelles\ntitre: T\nquestions: [Quoi ?]\nniveaux: [A]\nnotation: true\n',
        /La notation de la grille n’a pas de libellés/,
      ],
      [
        'ligne-vide.md',
        '---\ncode: ligne-vide\ntitre: T\n---\n| | Quoi ? |\n|---|---|\n| A | |\n| | |\n',
        /Ligne 8 : ligne du tableau sans niveau/,
      ],
    ];
    for (const [name, text, expected] of cases) {
      const r = await cli(t, ['grid', 'import', file(name, text)]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(expected);
      expect(r.err).not.toMatch(/at .*\.ts|Error:/);
    }
    const missing = await cli(t, ['grid', 'import', path.join(dir, 'absent.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /Impossible de lire « .*absent\.yaml » : ce fichier ou ce dossier n’existe pas/,
    );
    expect(await t.db.grid.count()).toBe(before);
  });

  it('does not show another Caf’s grid', async () => {
    const create = await cli(t, [
      'tenant',
      'create',
      '--code',
      '93',
      '--name',
      'Caf de Seine-Saint-Denis',
    ]);
    expect(create.code).toBe(0);
    const other = await cli(t, ['--caf', '93', 'grid', 'show', 'evaluation-94']);
    expect(other.code).toBe(1);
    expect(other.err).toContain('Aucune grille « evaluation-94 » pour cette Caf');
  });
});
