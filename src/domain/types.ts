/** The domain's vocabulary, shared by every layer. Spelled as in the database. */

export const AVIS_CHOICES = [
  'favorable',
  'favorable_avec_reserves',
  'defavorable',
  'abstention',
] as const;
export type AvisChoice = (typeof AVIS_CHOICES)[number];

export const ROUND_STATUSES = ['draft', 'open', 'closed', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROLES = ['pilot', 'partner', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const PLATFORMS = ['slack', 'teams', 'console', 'email'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const AVIS_CHANNELS = ['slack', 'teams', 'tab', 'cli', 'web', 'proxy', 'implicit'] as const;
export type AvisChannel = (typeof AVIS_CHANNELS)[number];

export const AGREMENT_KINDS = [
  'animation_globale',
  'animation_collective_familles',
  'evs',
] as const;
export type AgrementKind = (typeof AGREMENT_KINDS)[number];

export const AGREMENT_STATUSES = [
  'active',
  'renewal_in_progress',
  'renewed',
  'expired',
  'ended',
] as const;
export type AgrementStatus = (typeof AGREMENT_STATUSES)[number];

export const ORGANISATION_KINDS = [
  'caf',
  'etat',
  'departement',
  'commune',
  'epci',
  'federation',
  'msa',
  'centre_social',
  'evs',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Comment limit (characters) on an avis. */
export const MAX_COMMENT_LENGTH = 4000;

export interface EnjeuText {
  title: string;
  body: string;
}
