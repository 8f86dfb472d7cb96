import { parseGridFile } from '../../src/domain/grid';
import { gridTally } from '../../src/domain/grid-tally';

const grid = parseGridFile(
  [
    'code: t-2x2',
    'titre: Deux sur deux',
    'questions: [Quoi ?, Qui ?]',
    'niveaux: [Quartier, Commune]',
    'notation:',
    '  libelles: [Non, Plutôt non, Plutôt oui, Oui]',
    '  questions: [Quoi ?]',
  ].join('\n'),
  't.yaml',
);

describe('the tally of an evaluation grid', () => {
  it('counts contributions, the rating distribution and mean per cell, overall and per group', () => {
    const t = gridTally(grid, [
      {
        author: 'Centre social Étoile',
        group: 'centre social',
        cells: [
          { level: 1, question: 1, text: 'Les besoins', rating: 4 },
          { level: 1, question: 2, text: 'Les habitants', rating: null },
        ],
      },
      {
        author: 'EVS du Port',
        group: 'EVS',
        cells: [{ level: 1, question: 1, text: '', rating: 3 }],
      },
      {
        author: '',
        group: 'centre social',
        cells: [
          { level: 1, question: 1, text: 'Les effets', rating: 3 },
          // a rating off the scale or on a text-only cell never counts
          { level: 2, question: 2, text: 'Les élus', rating: 9 },
        ],
      },
    ]);
    expect(t.answers).toBe(3);
    const c11 = t.cells.find((c) => c.level === 1 && c.question === 1)!;
    expect(c11.contributions).toBe(2);
    expect(c11.distribution).toEqual([0, 0, 2, 1]);
    expect(c11.mean).toBe(3.33);
    expect(c11.texts).toEqual([
      { author: 'Centre social Étoile', text: 'Les besoins' },
      { author: '', text: 'Les effets' },
    ]);
    const c22 = t.cells.find((c) => c.level === 2 && c.question === 2)!;
    expect(c22).toMatchObject({ rated: false, contributions: 1, distribution: [], mean: null });
    const c21 = t.cells.find((c) => c.level === 2 && c.question === 1)!;
    expect(c21).toMatchObject({ contributions: 0, distribution: [0, 0, 0, 0], mean: null });
    expect(t.groups.map((g) => [g.group, g.answers])).toEqual([
      ['centre social', 2],
      ['EVS', 1],
    ]);
    expect(t.groups[0]!.cells[0]!.mean).toBe(3.5);
  });
});
