import { acceptedLocale } from '../../src/http/accept-language';

describe('acceptedLocale: French or English from Accept-Language', () => {
  it.each([
    [undefined, 'fr'],
    ['', 'fr'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr'],
    ['en-GB,fr;q=0.9', 'en'],
    ['de-DE,de;q=0.9,en;q=0.5,fr;q=0.8', 'fr'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['fr;q=0.5,en;q=0.5', 'fr'],
    ['en;q=0.5,fr;q=0.5', 'en'],
    ['en;q=0,fr;q=0.1', 'fr'],
    ['en;q=abc', 'fr'],
    ['de, it', 'fr'],
    ['*', 'fr'],
    ['EN-us', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(acceptedLocale(header)).toBe(locale);
  });
});
