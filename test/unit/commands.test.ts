import { commandText, notLinkedText } from '../../src/domain/commands';
import { notLinked } from '../../src/app/resolve-member';

describe('commands as each channel types them', () => {
  it('names a command the Slack way (slash command) or the Teams way (a word to the bot)', () => {
    expect(commandText('slack', 'rejoindre <code>')).toBe('`/concerto rejoindre <code>`');
    expect(commandText('teams', 'rejoindre <code>')).toBe('« rejoindre <code> »');
    expect(commandText('teams', 'statut 3', 'en')).toBe('"statut 3"');
    expect(commandText('slack', 'statut 3', 'en')).toBe('`/concerto statut 3`');
  });

  it('tells an unlinked user the command of their own channel, in their language', () => {
    expect(notLinkedText('slack', 'fr')).toBe(
      "Votre compte n'est relié à aucune organisation. Saisissez le code reçu de la Caf : `/concerto rejoindre <code>`.",
    );
    expect(notLinkedText('teams', 'fr')).toBe(
      "Votre compte n'est relié à aucune organisation. Saisissez le code reçu de la Caf : « rejoindre <code> ».",
    );
    expect(notLinkedText('teams', 'en')).toBe(
      'Your account is not linked to any organisation. Type "rejoindre <code>" with the code you received from the Caf.',
    );
    expect(notLinked('slack').message).toBe(notLinkedText('slack', 'fr'));
  });
});
