import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorText, isDomainError } from '../../src/domain/errors';
import { gridCells, parseGridFile } from '../../src/domain/grid';

const DEMO = readFileSync(path.join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8');

/** The French refusal a grid file gets (fails the test when the file is accepted). */
function refusal(text: string, file = 'grille.yaml'): string {
  try {
    parseGridFile(text, file);
  } catch (e) {
    if (isDomainError(e)) return errorText(e, 'fr');
    throw e;
  }
  throw new Error('grid accepted');
}

const yamlGrid = (body: string) => `code: test-grid\ntitre: Une grille\n${body}`;

describe('evaluation grids as data', () => {
  it('reads the Val-de-Marne grid: four questions across, four levels down, rated on four labels', () => {
    const g = parseGridFile(DEMO, 'grille-evaluation-94.yaml');
    expect(g.code).toBe('evaluation-94');
    expect(g.questions.map((q) => q.label)).toEqual([
      'Que regarde-t-on ?',
      'Comment procède-t-on ?',
      'Quand évalue-t-on ?',
      'Avec qui ?',
    ]);
    expect(g.levels.map((l) => l.label)).toEqual([
      'Généralités',
      'Territoires',
      'Acteurs',
      'Actions',
    ]);
    expect(g.rating?.labels).toEqual(['À construire', 'Amorcé', 'En place', 'Consolidé']);
    expect(g.rating?.questions).toEqual([1, 2, 3, 4]);
    expect(gridCells(g)).toHaveLength(16);
    expect(g.levels[1]?.help).toMatch(/communes/);
  });

  it('reads a 3 × 5 grid in Markdown, with cell prompts, and text-only questions', () => {
    const md = [
      '---',
      'code: bilan-3x5',
      'titre: Bilan de mi-parcours',
      'notation:',
      '  libelles: [Non, Plutôt non, Plutôt oui, Oui]',
      '  questions: [Quoi ?, Combien ?]',
      '---',
      '# Bilan',
      '',
      'Une grille pour le bilan.',
      '',
      '| Niveau | Quoi ? | Comment ? | Quand ? | Combien ? | Avec qui ? |',
      '| --- | --- | --- | --- | --- | --- |',
      '| Quartier | Les besoins | | | | |',
      '| Commune | | | | | Les élus |',
      '| Département | | | | | |',
    ].join('\n');
    const g = parseGridFile(md, 'bilan.md');
    expect(g.levels.map((l) => l.label)).toEqual(['Quartier', 'Commune', 'Département']);
    expect(g.questions).toHaveLength(5);
    expect(g.description).toBe('Une grille pour le bilan.');
    expect(g.rating?.questions).toEqual([1, 4]);
    expect(g.cellHelp).toEqual({ '1.1': 'Les besoins', '2.5': 'Les élus' });
    const cells = gridCells(g);
    expect(cells).toHaveLength(15);
    expect(cells.filter((c) => c.rated)).toHaveLength(6);
  });

  it('names the problem of a bad grid file, in French', () => {
    expect(refusal('code: [', 'g.yaml')).toMatch(/^Fichier de grille illisible/);
    expect(refusal(yamlGrid('niveaux: [A, B]\n'))).toBe(
      'La grille n’a aucune question (colonnes : « questions »).',
    );
    expect(refusal(yamlGrid('questions: [Quoi ?, Qui ?, quoi ?]\nniveaux: [A]\n'))).toBe(
      'Deux questions portent le même libellé « quoi ? » (n° 1 et 3).',
    );
    expect(refusal(yamlGrid('questions: [Quoi ?]\nniveaux: [A, "", C]\n'))).toBe(
      'Le niveau n° 2 est vide : donnez-lui un libellé ou retirez-le.',
    );
    expect(refusal(yamlGrid('questions: [Quoi ?]\nniveaux: [A]\nnotation: true\n'))).toMatch(
      /^La notation de la grille n’a pas de libellés/,
    );
    expect(
      refusal(yamlGrid('questions: [Quoi ?]\nniveaux: [A]\nnotation:\n  questions: [Quoi ?]\n')),
    ).toMatch(/^La notation de la grille n’a pas de libellés/);
    expect(refusal(yamlGrid('questions: [Quoi ?]\nniveaux: [A]\nnotation: [Bien]\n'))).toBe(
      'L’échelle de notation a 1 échelon : il en faut de 2 à 7.',
    );
    expect(
      refusal(
        yamlGrid(
          'questions: [Quoi ?]\nniveaux: [A]\nnotation:\n  libelles: [a, b]\n  questions: [Qui ?]\n',
        ),
      ),
    ).toBe('La notation vise la question « Qui ? », qui n’est pas dans la grille.');
    expect(refusal('code: Grille 94\ntitre: x\nquestions: [a]\nniveaux: [b]\n')).toMatch(
      /^Code de grille « Grille 94 » refusé/,
    );
    expect(
      refusal(
        yamlGrid(
          `questions: [${Array.from({ length: 11 }, (_, i) => `Q${i}`).join(', ')}]\nniveaux: [A]\n`,
        ),
      ),
    ).toBe('Trop de questions : 11 (au plus 10).');
  });

  it('names the line of a bad Markdown table row', () => {
    const head = ['---', 'code: g-md', 'titre: T', '---', '| | Quoi ? | Qui ? |', '|---|---|---|'];
    expect(refusal([...head, '| A | | |', '|  |  |  |'].join('\n'), 'g.md')).toBe(
      'Ligne 8 : ligne du tableau sans niveau (première cellule vide) : nommez le niveau ou retirez la ligne.',
    );
    expect(refusal([...head, '| A | x |'].join('\n'), 'g.md')).toBe(
      'Ligne 7 : 1 cellule pour 2 questions.',
    );
    expect(
      refusal(['---', 'code: g-md', 'titre: T', '---', 'Pas de tableau.'].join('\n'), 'g.md'),
    ).toMatch(/doit contenir un tableau/);
  });
});
