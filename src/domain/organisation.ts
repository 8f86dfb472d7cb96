import { ORGANISATION_KINDS, type Locale, type OrganisationKind } from './types';

/**
 * How an organisation is named in lists a pilot picks from: several structures share a name
 * (« Espace de vie sociale La Passerelle » in three communes), the code tells them apart.
 */
export function organisationLabel(org: { name: string; code: string }): string {
  return `${org.name} — ${org.code}`;
}

/** Kinds of organisation as a pilot reads them in a list heading (plural), French and English. */
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, { fr: string; en: string }> = {
  caf: { fr: 'Caf', en: 'Caf' },
  etat: { fr: "Services de l'État", en: 'State services' },
  departement: { fr: 'Départements', en: 'Départements' },
  commune: { fr: 'Communes', en: 'Communes' },
  epci: { fr: 'Intercommunalités (EPCI)', en: 'Intercommunalities (EPCI)' },
  federation: { fr: 'Fédérations', en: 'Federations' },
  msa: { fr: 'MSA', en: 'MSA' },
  centre_social: { fr: 'Centres sociaux', en: 'Centres sociaux' },
  evs: { fr: 'Espaces de vie sociale', en: 'Espaces de vie sociale' },
  other: { fr: 'Autres partenaires', en: 'Other partners' },
};

/** The kind of one organisation, as a column of an export reads it (singular, French). */
export const ORGANISATION_KIND_SINGULAR: Record<OrganisationKind, string> = {
  caf: 'Caf',
  etat: "Service de l'État",
  departement: 'Département',
  commune: 'Commune',
  epci: 'Intercommunalité (EPCI)',
  federation: 'Fédération',
  msa: 'MSA',
  centre_social: 'Centre social',
  evs: 'Espace de vie sociale',
  other: 'Autre partenaire',
};

/**
 * Organisations by kind, in the kinds' usual order, kinds with none left out; with the heading
 * a launch form shows for a whole kind (« Communes (47) »).
 */
export function organisationsByKind<T extends { kind: OrganisationKind }>(
  organisations: T[],
  locale: Locale,
): { kind: OrganisationKind; label: string; heading: string; organisations: T[] }[] {
  return ORGANISATION_KINDS.map((kind) => {
    const ofKind = organisations.filter((o) => o.kind === kind);
    const label = ORGANISATION_KIND_LABELS[kind][locale];
    return { kind, label, heading: `${label} (${ofKind.length})`, organisations: ofKind };
  }).filter((k) => k.organisations.length > 0);
}
