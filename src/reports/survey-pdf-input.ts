import type { Grid } from '../domain/grid';
import type { GridCellTally } from '../domain/grid-tally';

/**
 * What the PDF synthesis of a survey round shows: plain data, already worded where the wording
 * is not the PDF's business (status, answer mode, grouping names). Built by
 * app/survey-report-pdf.ts `surveyPdfInputOf` from the survey report model.
 */
export interface SurveyPdfInput {
  generatedAt: Date;
  tenant: { name: string; timezone: string };
  round: {
    number: number;
    /** « close » */
    statusLabel: string;
    openedAt: Date | null;
    deadline: Date;
    closedAt: Date | null;
    /** « une réponse par organisation » */
    answerModeLabel: string;
    anonymous: boolean;
  };
  grid: Grid;
  participation: { invited: number | null; started: number; finished: number };
  /** The overall tally, cell by cell (texts with their author, '' when anonymous). */
  cells: GridCellTally[];
  /** The groupings in the order shown (« Par type d’organisation », column « Type »). */
  groupings: {
    label: string;
    column: string;
    groups: { group: string; answers: number; cells: GridCellTally[] }[];
  }[];
}
