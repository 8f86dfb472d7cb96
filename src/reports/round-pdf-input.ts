import type { FollowupResponse } from '../domain/followup';
import type { AvisChoice, RoundStatus } from '../domain/types';

/**
 * What the PDF synthesis of a round shows: plain data, already worded where the wording is not
 * the PDF's business (kinds, communes, sources). Built from the database by
 * app/report-pdf.ts `pdfInputOf` from the round's report model.
 */
export interface RoundPdfInput {
  /** when the document is generated (printed on the cover) */
  generatedAt: Date;
  tenant: { name: string; timezone: string };
  round: {
    number: number;
    status: RoundStatus;
    openedAt: Date | null;
    deadline: Date;
    closedAt: Date | null;
    silenceMeansFavorable: boolean;
  };
  draft: { schemaTitle: string; title: string; version: number; period: string };
  /** every organisation consulted */
  organisations: RoundPdfOrganisation[];
  enjeux: RoundPdfEnjeu[];
  /** the organisations that gave no avis themselves on any enjeu */
  nonResponders: RoundPdfOrganisation[];
  /** the Caf's response to the avis (prise en compte); an empty table says none was recorded */
  followups?: RoundPdfFollowup[];
}

export interface RoundPdfOrganisation {
  code: string;
  name: string;
  /** the kind, worded (« Commune », « Centre social ») */
  kind: string;
  commune: string | null;
  /** how far it answered, itself: every enjeu, some, none */
  answered: 'all' | 'some' | 'none';
  /** favourable by silence on at least one enjeu */
  bySilence: boolean;
}

export interface RoundPdfEnjeu {
  position: number;
  title: string;
  /** avis given (favorable without those by silence) */
  counts: Record<AvisChoice, number>;
  /** favourable by silence */
  silence: number;
  /** invited organisations with no avis at all on this enjeu */
  noAnswer: number;
  avis: RoundPdfAvis[];
  /** names of the organisations without an avis on this enjeu */
  missing: string[];
}

export interface RoundPdfAvis {
  organisation: string;
  kind: string;
  commune: string | null;
  avis: AvisChoice;
  comment: string | null;
  /** who gave it (a member's name, or the label a pilot typed for a proxy) */
  givenBy: string | null;
  /** for a proxy: the organisation the pilot entered it for */
  onBehalfOf: string | null;
  /** how it reached Concerto, worded (« Slack », « page de vote (lien par courriel) ») */
  source: string;
  date: Date;
  /** favourable by silence (no avis given) */
  silent: boolean;
  /** entered by the Caf on the organisation's behalf */
  proxy: boolean;
}

export interface RoundPdfFollowup {
  organisation: string;
  /** « 2. Petite enfance » */
  enjeu: string;
  avis: AvisChoice;
  response: FollowupResponse;
  justification: string;
  /** the enjeu of a later version it was carried to, if any (« v2 — 3. Parentalité ») */
  laterEnjeu?: string | null;
  recordedAt?: Date | null;
}
