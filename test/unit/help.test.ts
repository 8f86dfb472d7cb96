import { CHAT_EN } from '../../src/domain/catalogue/en';
import { CHAT_FR } from '../../src/domain/catalogue/fr';
import { helpText, helpView } from '../../src/domain/help';

/**
 * « aide » is one help: the same descriptions on Slack and Teams (the catalogue's CHAT_FR.help),
 * each command typed as its channel types it.
 */
describe('the chat channels’ help', () => {
  const describedAs = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith('• '))
      .map((l) => l.replace(/^• (`\/concerto [^`]+`|[^:]+?) ?: /, ''));

  it('describes every command with the same words in Slack and Teams', () => {
    const slack = helpText(helpView('slack', 'fr'));
    const teams = helpText(helpView('teams', 'fr'));
    // Slack has one command more (« suivi », its follow-up form); the others read the same.
    expect(describedAs(slack).filter((d) => d !== CHAT_FR.help.suivi)).toEqual(describedAs(teams));
    expect(slack).toContain('• `/concerto rejoindre <code>` : relier votre compte');
    expect(teams).toContain('• rejoindre <code> : relier votre compte');
    expect(teams).toContain('• statut [n°] : participation par enjeu');
    expect(slack).toContain('• `/concerto suivi <n°>` : enregistrer la suite');
    expect(teams).not.toContain('suivi');
    expect(slack.split('\n')[0]).toBe(CHAT_FR.help.title);
  });

  it('speaks English with the same command words', () => {
    const teams = helpText(helpView('teams', 'en'));
    expect(teams.split('\n')[0]).toBe(CHAT_EN.help.title);
    expect(teams).toContain('• rejoindre <code>: link your account');
    expect(teams).toContain('• help: this help');
    expect(teams).toContain('\nCaf pilots\n');
    expect(helpText(helpView('slack', 'en'), (h) => `*${h}*`)).toContain('\n*Caf pilots*\n');
  });

  it('words an unknown command and an unexpected error once for both channels', () => {
    expect(CHAT_FR.unknownCommand('voter')).toBe(
      'Je ne connais pas la commande « voter ». Voici ce que je sais faire :',
    );
    expect(CHAT_FR.genericError('ab12cd34')).toBe(
      'Une erreur est survenue. Référence à transmettre : ab12cd34.',
    );
  });
});
