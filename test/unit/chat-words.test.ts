import { chatWords } from '../../src/domain/chat-words';
import { helpCommandText } from '../../src/domain/commands';

describe('chat words (domain/chat-words.ts): the same words on Slack and Teams', () => {
  it("names each channel's own commands in the join confirmation", () => {
    const fr = chatWords('fr');
    expect(fr.joinedPilot('slack', 'Marie', 'Caf du Rhône', fr.thisChannel)).toContain(
      'Tapez `/concerto aide` pour les commandes.',
    );
    expect(fr.joinedPilot('teams', 'Marie', 'Caf du Rhône', fr.thisConversation)).toBe(
      'Bienvenue Marie : vous êtes pilote de la Caf du Rhône. Cette conversation recevra les messages destinés aux pilotes. Tapez « aide » pour les commandes.',
    );
    const en = chatWords('en');
    expect(en.joinedPartner('teams', undefined, 'Caf du Rhône', en.thisChannel)).toBe(
      'Account linked to your organisation (Caf du Rhône). This channel will receive the consultations, reminders and results. Type "consultations" to answer.',
    );
    expect(en.joinedPartner('slack', 'CCAS', 'Caf', en.thisChannel)).toContain(
      'Type `/concerto consultations` to answer.',
    );
  });

  it('tells Teams English speakers to type "help", everyone else the French word', () => {
    expect(helpCommandText('teams', 'en')).toBe('"help"');
    expect(helpCommandText('teams', 'fr')).toBe('« aide »');
    expect(helpCommandText('slack', 'en')).toBe('`/concerto aide`');
  });

  it('words the launch form and the common notices in both locales', () => {
    expect(chatWords('fr').launch.title).toBe('Lancer une consultation');
    expect(chatWords('en').launch.title).toBe('Launch a consultation');
    expect(chatWords(undefined).openRoundsTitle(2)).toBe('Consultations en cours (2)');
    expect(chatWords('fr').exportTitle(3)).toBe('Export de la consultation n° 3');
  });
});
