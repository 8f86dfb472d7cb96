import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGridFile, MAX_CONTRIBUTION_LENGTH, type Grid } from '../../src/domain/grid';
import { gridFormView, readGridAnswer, type GridAnswerCell } from '../../src/domain/grid-answer';
import { buildSurveyCard } from '../../src/adapters/teams/render-survey';
import type { SurveyCardModel } from '../../src/adapters/teams/handlers';

/**
 * Teams refuses a card over about 28 KB: the grid goes one level per card, and a level of the
 * largest grid Concerto takes (10 × 10), every cell filled to its 1000 characters, fits.
 */
const LIMIT = 28 * 1024;
const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** A contribution as partners write them: French, accents, quotes, « guillemets », a list. */
const SENTENCE =
  'Les habitants participent aux « cafés des parents » du mercredi ; l’équipe suit 3 indicateurs (fréquentation, bénévoles, partenaires).\n- ';

const DEMO = parseGridFile(
  readFileSync(join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8'),
  'grille.yaml',
);

/** A 10 × 10 grid with long labels and helps, rated on a 7-step scale of long labels. */
function bigGrid(): Grid {
  const long = (what: string, n: number) =>
    `${what} ${n} — l’élément « ${'é'.repeat(20)} » dont on parle ici longuement`.padEnd(140, '.');
  const yaml = [
    'code: grande-grille',
    `titre: "${long('Grille', 1)}"`,
    'questions:',
    ...Array.from({ length: 10 }, (_, i) => [
      `  - libelle: "${long('Question', i + 1)}"`,
      `    aide: "${'Aide détaillée de la question, avec ses exemples. '.repeat(9).trim()}"`,
    ]).flat(),
    'niveaux:',
    ...Array.from({ length: 10 }, (_, i) => [
      `  - libelle: "${long('Niveau', i + 1)}"`,
      `    aide: "${'Ce que couvre ce niveau, en détail. '.repeat(12).trim()}"`,
    ]).flat(),
    'notation:',
    '  libelles:',
    ...Array.from({ length: 7 }, (_, i) => `    - "${long('Échelon', i + 1)}"`),
  ].join('\n');
  return parseGridFile(yaml, 'grande.yaml');
}

function model(
  grid: Grid,
  o: { level: number; fill: boolean; errors?: boolean; text?: string },
): SurveyCardModel {
  const cells: GridAnswerCell[] = o.fill
    ? grid.levels.flatMap((l) =>
        grid.questions.map((q) => ({
          level: l.position,
          question: q.position,
          // Characters that JSON and Markdown escape, and accents (2 bytes each in UTF-8).
          text: o.text ?? SENTENCE.repeat(20).slice(0, MAX_CONTRIBUTION_LENGTH),
          rating: 2,
        })),
      )
    : [];
  const typed: Record<string, string> = {};
  if (o.errors)
    for (const q of grid.questions)
      typed[`case-${o.level}-${q.position}`] = `${SENTENCE.repeat(20).slice(0, 1000)}x`;
  const { errors } = readGridAnswer(grid, typed);
  return {
    locale: 'fr',
    roundId: '5f0c8a1e-3a4b-4c2d-9e8f-0a1b2c3d4e5f',
    number: 12,
    deadlineText: 'mardi 15 décembre 2026 à 18 h',
    view: gridFormView(grid, { cells, errors, ...(o.errors ? { typed } : {}), locale: 'fr' }),
    state: 'draft',
    level: o.level,
    notice: 'Niveau 1 enregistré.',
  };
}

describe('the grid cards stay within Teams’ size limit', () => {
  it('the demo grid, every level filled in', () => {
    for (const level of [1, 2, 3, 4]) {
      const size = bytes(buildSurveyCard(model(DEMO, { level, fill: true })));
      expect(size).toBeLessThan(LIMIT);
    }
  });

  it('a 10 × 10 grid of long labels, every cell at 1000 characters, errors shown', () => {
    const grid = bigGrid();
    expect([grid.levels.length, grid.questions.length]).toEqual([10, 10]);
    let largest = 0;
    for (const level of [1, 10]) {
      for (const errors of [false, true]) {
        const card = buildSurveyCard(model(grid, { level, fill: true, errors }));
        largest = Math.max(largest, bytes(card));
        if (process.env.DUMP)
          require('fs').writeFileSync(
            `/tmp/card-${level}-${errors}.json`,
            JSON.stringify(card, null, 1),
          );
        expect(JSON.stringify(card)).toContain(`case-${level}-10`);
      }
    }
    expect(largest).toBeLessThan(LIMIT);
  });

  it('drops the helps of a level whose answers would not fit otherwise (many accents)', () => {
    const grid = bigGrid();
    const text = `${'é'.repeat(15)}${SENTENCE}`.repeat(10).slice(0, MAX_CONTRIBUTION_LENGTH);
    const card = JSON.stringify(buildSurveyCard(model(grid, { level: 3, fill: true, text })));
    expect(Buffer.byteLength(card, 'utf8')).toBeLessThan(LIMIT);
    expect(card).not.toContain('Aide détaillée');
    expect(card).toContain('note-3-10');
    // A level of ordinary answers keeps them.
    expect(JSON.stringify(buildSurveyCard(model(grid, { level: 3, fill: true })))).toContain(
      'Aide détaillée',
    );
  });

  it('takes a level over several cards, by questions, when even without helps it would not fit', () => {
    const grid = bigGrid();
    // Every cell at 1000 characters of 3 bytes each (’ € …): 30 KB of answers for one level.
    const text = '’€…'.repeat(334).slice(0, MAX_CONTRIBUTION_LENGTH);
    const seen: number[] = [];
    let from = 1;
    let cards = 0;
    for (;;) {
      const card = buildSurveyCard({ ...model(grid, { level: 10, fill: true, text }), from });
      const json = JSON.stringify(card);
      expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(LIMIT);
      const shown = grid.questions
        .map((q) => q.position)
        .filter((q) => json.includes(`"case-10-${q}"`));
      expect(shown[0]).toBe(from);
      expect(json).toContain('"title":"Questions"');
      const actions = (JSON.parse(json) as { actions: { data: Record<string, unknown> }[] })
        .actions;
      expect(actions[0]!.data).toMatchObject({ go: 'next', from, to: shown.at(-1) });
      seen.push(...shown);
      cards += 1;
      const last = shown.at(-1)!;
      // The finish toggle only on the grid's very last card.
      expect(json.includes('"id":"finish"')).toBe(last === 10);
      if (last === 10) break;
      from = last + 1;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(cards).toBeGreaterThan(1);
    // A level that fits keeps one card, without the questions' fact.
    expect(JSON.stringify(buildSurveyCard(model(grid, { level: 10, fill: true })))).not.toContain(
      '"title":"Questions"',
    );
  });

  it('shows the whole scale above the level when a choice title is cut', () => {
    const text = JSON.stringify(buildSurveyCard(model(bigGrid(), { level: 1, fill: false })));
    expect(text).toContain('Notes : 1 Échelon 1');
    expect(text).toContain('…');
  });
});
