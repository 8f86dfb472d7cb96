import { validateAvis } from '../../src/domain/avis';
import { ValidationErrors } from '../../src/domain/errors';
import { cleanText, hasInvalidCharacters } from '../../src/domain/text';

describe('text a user may send', () => {
  it('finds NUL, control characters and lone surrogates, and nothing in ordinary text', () => {
    for (const bad of ['a\u0000b', 'a\u0007', '\u007f', 'a\ud800b', 'a\udc00', 'fin\ud83d'])
      expect([bad, hasInvalidCharacters(bad)]).toEqual([bad, true]);
    for (const good of ['Réserves : « délais »', 'ligne 1\r\nligne 2\tfin', 'émoji 😀', ''])
      expect([good, hasInvalidCharacters(good)]).toEqual([good, false]);
    expect(cleanText('Ma\u0000rie \ud800Dupont')).toBe('Marie \uFFFDDupont');
  });

  it('refuses such a comment with a field error, in French first', () => {
    const titles = new Map([['e1', 'Pilotage']]);
    const attempt = (locale: 'fr' | 'en') => {
      try {
        validateAvis([{ enjeuId: 'e1', choice: 'favorable', comment: 'ok\u0000' }], titles, locale);
      } catch (err) {
        return err;
      }
      return undefined;
    };
    const fr = attempt('fr');
    expect(fr).toBeInstanceOf(ValidationErrors);
    expect((fr as ValidationErrors).errors).toEqual([
      {
        field: 'e1.comment',
        message: expect.stringMatching(
          /^Enjeu « Pilotage » : Le commentaire contient un caractère invalide/,
        ),
      },
    ]);
    expect((attempt('en') as ValidationErrors).errors[0]!.message).toMatch(/invalid character/);
  });
});
