import { gridFormView } from '../../src/domain/grid-answer';
import { GRID_LIMITS, type Grid } from '../../src/domain/grid';
import { extractSurveyLevel } from '../../src/adapters/slack/parse';
import {
  buildSurveyModal,
  SLACK_LIMITS,
  SURVEY_FINISH_BLOCK_ID,
  SURVEY_FINISH_VALUE,
  surveyFieldOfBlock,
} from '../../src/adapters/slack/render';

/** The largest grid a Caf may import, every text at its longest, every question rated. */
function largestGrid(): Grid {
  const long = (n: number, c: string) => c.repeat(n);
  const axis = (n: number, c: string) =>
    Array.from({ length: n }, (_, i) => ({
      position: i + 1,
      label: `${i + 1} ${long(GRID_LIMITS.maxLabelLength - 3, c)}`,
      help: long(GRID_LIMITS.maxHelpLength, c),
    }));
  const cellHelp: Record<string, string> = {};
  for (let l = 1; l <= GRID_LIMITS.maxLevels; l++)
    for (let q = 1; q <= GRID_LIMITS.maxQuestions; q++)
      cellHelp[`${l}.${q}`] = long(GRID_LIMITS.maxHelpLength, 'p');
  return {
    code: 'grande',
    title: long(GRID_LIMITS.maxTitleLength, 'T'),
    description: long(GRID_LIMITS.maxDescriptionLength, 'd'),
    levels: axis(GRID_LIMITS.maxLevels, 'n'),
    questions: axis(GRID_LIMITS.maxQuestions, 'q'),
    rating: {
      labels: Array.from(
        { length: GRID_LIMITS.maxRatingLabels },
        (_, i) => `${i} ${long(140, 'é')}`,
      ),
      questions: Array.from({ length: GRID_LIMITS.maxQuestions }, (_, i) => i + 1),
    },
    cellHelp,
  };
}

describe('the Slack modal of a survey grid level', () => {
  it('keeps a 10 × 10 grid within Block Kit’s limits, on every level', () => {
    const grid = largestGrid();
    const view = gridFormView(grid, {
      cells: [{ level: 10, question: 10, text: 'x'.repeat(1000), rating: 7 }],
      locale: 'fr',
    });
    for (let level = 1; level <= 10; level++) {
      const modal = buildSurveyModal({ roundId: 'r', view, level, finished: true, locale: 'fr' });
      expect(modal.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerView);
      expect(modal.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
      expect(modal.title.text).toBe(`Niveau ${level}/10`);
      expect(modal.submit!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
      expect(modal.private_metadata!.length).toBeLessThanOrEqual(SLACK_LIMITS.privateMetadata);
      for (const b of modal.blocks as unknown[]) {
        const block = b as {
          type: string;
          text?: { text: string };
          label?: { text: string };
          hint?: { text: string };
          element?: {
            options?: { text: { text: string } }[];
            initial_value?: string;
            max_length?: number;
          };
        };
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
        if (block.label) expect(block.label.text.length).toBeLessThanOrEqual(2000);
        if (block.hint) expect(block.hint.text.length).toBeLessThanOrEqual(2000);
        for (const o of block.element?.options ?? [])
          expect(o.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.optionText);
        if (block.element?.initial_value !== undefined)
          expect(block.element.initial_value.length).toBeLessThanOrEqual(
            block.element.max_length ?? 0,
          );
      }
      const finish = modal.blocks.find((b) => b.block_id === SURVEY_FINISH_BLOCK_ID);
      expect(!!finish).toBe(level === 10);
    }
    const last = buildSurveyModal({ roundId: 'r', view, level: 10, finished: true, locale: 'en' });
    expect(last.title.text).toBe('Level 10/10');
    expect(last.submit!.text).toBe('Save');
    const cell = last.blocks.find((b) => b.block_id === 'grid:note-10-10') as {
      element: { initial_option?: { value: string } };
    };
    expect(cell.element.initial_option?.value).toBe('7');
  });

  it('reads back only the level shown, and the finish checkbox', () => {
    const read = (values: Parameters<typeof extractSurveyLevel>[0], level: number) =>
      extractSurveyLevel(values, {
        level,
        fieldOfBlock: surveyFieldOfBlock,
        finishBlock: SURVEY_FINISH_BLOCK_ID,
        finishValue: SURVEY_FINISH_VALUE,
      });
    expect(
      read(
        {
          'grid:case-2-1': { value: { type: 'plain_text_input', value: 'Oui' } },
          'grid:note-2-1': { value: { type: 'static_select', selected_option: { value: '2' } } },
          'grid:case-2-2': { value: { type: 'plain_text_input', value: null } },
          'grid:note-2-2': { value: { type: 'static_select', selected_option: null } },
          'grid:case-3-1': { value: { type: 'plain_text_input', value: 'autre niveau' } },
          'grid:case-2-1x': { value: { type: 'plain_text_input', value: 'inconnu' } },
          [SURVEY_FINISH_BLOCK_ID]: {
            value: { type: 'checkboxes', selected_options: [{ value: SURVEY_FINISH_VALUE }] },
          },
        },
        2,
      ),
    ).toEqual({
      values: { 'case-2-1': 'Oui', 'note-2-1': '2', 'case-2-2': '', 'note-2-2': '' },
      finish: true,
    });
    expect(
      read(
        {
          [SURVEY_FINISH_BLOCK_ID]: { value: { type: 'checkboxes', selected_options: [] } },
        },
        1,
      ),
    ).toEqual({ values: {}, finish: false });
  });
});
