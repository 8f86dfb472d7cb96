import { EPCI_94, TERRITORIES_94, territoryOf } from '../../src/domain/territory';

describe('the territories of Val-de-Marne', () => {
  it('gives each of the 47 communes its EPT', () => {
    expect(TERRITORIES_94).toHaveLength(47);
    expect(new Set(TERRITORIES_94.map((t) => t.insee)).size).toBe(47);
    for (const t of TERRITORIES_94) {
      expect(territoryOf(t.insee)).toEqual(t);
      expect(EPCI_94).toContain(t.epci);
    }
    const count = (e: string) => TERRITORIES_94.filter((t) => t.epci === e).length;
    expect(count('Paris Est Marne & Bois')).toBe(13);
    expect(count('Grand Paris Sud Est Avenir')).toBe(16);
    expect(count('Grand-Orly Seine Bièvre')).toBe(18);
  });

  it('maps known communes and refuses unknown codes', () => {
    expect(territoryOf('94028')).toEqual({
      insee: '94028',
      commune: 'Créteil',
      epci: 'Grand Paris Sud Est Avenir',
    });
    expect(territoryOf('94080')?.epci).toBe('Paris Est Marne & Bois'); // Vincennes
    expect(territoryOf('94081')?.epci).toBe('Grand-Orly Seine Bièvre'); // Vitry-sur-Seine
    expect(territoryOf('75056')).toBeNull();
    expect(territoryOf('')).toBeNull();
    expect(territoryOf(null)).toBeNull();
  });
});
