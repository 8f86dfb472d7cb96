import COMMUNES_FILE from '../data/communes-94.json';

/**
 * The territories of Val-de-Marne: each commune (by INSEE code) and the établissement public
 * territorial (EPT) of the Métropole du Grand Paris it belongs to, read from
 * src/data/communes-94.json. Grid results are grouped by commune and by EPCI with it. Pure: the
 * file is part of the code, loaded once with the module.
 */
export const EPCI_94 = [
  'Grand Paris Sud Est Avenir',
  'Grand-Orly Seine Bièvre',
  'Paris Est Marne & Bois',
] as const;
export type Epci94 = (typeof EPCI_94)[number];

export interface Territory {
  insee: string;
  /** The commune's name (« Créteil »). */
  commune: string;
  /** The EPT it belongs to (« Grand Paris Sud Est Avenir »). */
  epci: Epci94;
}

/** The 47 communes, in the file's (INSEE) order. */
export const TERRITORIES_94: readonly Territory[] = (
  COMMUNES_FILE as { insee: string; name: string; epci: string }[]
).map((c) => {
  if (!(EPCI_94 as readonly string[]).includes(c.epci)) {
    throw new Error(`communes-94.json: unknown EPCI « ${c.epci} » for ${c.insee}`);
  }
  return { insee: c.insee, commune: c.name, epci: c.epci as Epci94 };
});

const BY_INSEE = new Map(TERRITORIES_94.map((t) => [t.insee, t]));

/** The commune and EPCI of an INSEE code; null when it is not a Val-de-Marne commune. */
export function territoryOf(insee: string | null | undefined): Territory | null {
  if (!insee) return null;
  return BY_INSEE.get(insee.trim()) ?? null;
}
