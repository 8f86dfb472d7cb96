import { closeSummary } from '../../src/app/close-round';
import { answeredEverything } from '../../src/domain/round-messages';

describe('round messages: agreement of numbers', () => {
  it('agrees the French verb and noun with the count', () => {
    expect(answeredEverything(1, 1, 'fr')).toBe(
      '1 organisation sur 1 a répondu à tous les enjeux.',
    );
    expect(answeredEverything(0, 3, 'fr')).toBe(
      '0 organisation sur 3 a répondu à tous les enjeux.',
    );
    expect(answeredEverything(2, 4, 'fr')).toBe(
      '2 organisations sur 4 ont répondu à tous les enjeux.',
    );
  });

  it('agrees the English noun with the total', () => {
    expect(answeredEverything(1, 1, 'en')).toBe('1 of 1 organisation answered every issue.');
    expect(answeredEverything(2, 4, 'en')).toBe('2 of 4 organisations answered every issue.');
  });

  it('says it right in the pilot summary after « clore »', () => {
    expect(closeSummary(3, { alreadyClosed: false, tally: { complete: 1, invited: 1 } })).toBe(
      'Consultation n° 3 close : 1 organisation sur 1 a répondu à tous les enjeux. Les résultats sont envoyés aux pilotes et aux organisations.',
    );
  });
});
