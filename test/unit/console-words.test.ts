import { CONSOLE_EN } from '../../src/domain/catalogue/console-en';
import { CONSOLE_FR } from '../../src/domain/catalogue/console-fr';
import { consoleWords } from '../../src/domain/console-words';

/**
 * The console's two catalogues say the same things: the type (CONSOLE_EN: ConsoleWords) refuses
 * a missing key or another parameter at compile time; this checks it once more at run time
 * (same keys at every depth, same number of parameters) and that the words agree with numbers.
 */
function shape(v: unknown, path = ''): string[] {
  if (typeof v === 'function') return [`${path}(${v.length})`];
  if (v && typeof v === 'object')
    return Object.keys(v)
      .sort()
      .flatMap((k) => shape((v as Record<string, unknown>)[k], `${path}.${k}`));
  return [path];
}

describe('the console’s words (CONSOLE_FR, CONSOLE_EN)', () => {
  it('has the same keys and parameters in English as in French', () => {
    expect(shape(CONSOLE_EN)).toEqual(shape(CONSOLE_FR));
    expect(shape(CONSOLE_FR).length).toBeGreaterThan(150);
  });

  it('is chosen by the pilot’s locale, French by default', () => {
    expect(consoleWords('en')).toBe(CONSOLE_EN);
    expect(consoleWords('fr')).toBe(CONSOLE_FR);
    expect(consoleWords(undefined)).toBe(CONSOLE_FR);
    expect(CONSOLE_FR.lang).toBe('fr');
    expect(CONSOLE_EN.lang).toBe('en');
  });

  it('agrees the words with their numbers', () => {
    expect(CONSOLE_FR.done.consultationLaunched(1)).toContain('1 invitation en file');
    expect(CONSOLE_FR.done.consultationLaunched(3)).toContain('3 invitations en file');
    expect(CONSOLE_FR.codes.added(1)).toBe('1 code ajouté.');
    expect(CONSOLE_FR.codes.added(4)).toBe('4 codes ajoutés.');
    expect(CONSOLE_FR.gridSize(1, 2, 2)).toBe('1 niveau × 2 questions, 2 cases');
    expect(CONSOLE_EN.gridSize(1, 2, 2)).toBe('1 level × 2 questions, 2 cells');
    expect(CONSOLE_FR.answeredEverything(1, 3)).toBe(
      '1 organisation sur 3 a répondu à tous les enjeux',
    );
    expect(CONSOLE_EN.surveyParticipation({ invited: 1, started: 1, finished: 0 })).toBe(
      '0 finished of 1 organisation, 1 started',
    );
  });

  it('agrees the matrix caption with one organisation or one enjeu', () => {
    expect(consoleWords('fr').round.matrixCaption(1, 1)).toMatch(
      /^Avis de l’organisation invitée sur l’enjeu : /,
    );
    expect(consoleWords('fr').round.matrixCaption(3, 5)).toMatch(
      /^Avis des 3 organisations invitées sur les 5 enjeux : /,
    );
  });
});
