import { count, isPlural } from '../../src/domain/format';
import { invitationMessage, reminderMessage } from '../../src/domain/round-messages';
import { weeklyDigestMessage } from '../../src/app/weekly-digest';
import { strings as slackStrings } from '../../src/adapters/slack/i18n';
import { strings as teamsStrings } from '../../src/adapters/teams/i18n';

/** French: singular for 0 and 1, plural from 2; English: singular for 1 only. */
describe('agreement of numbers, everywhere a count is written', () => {
  it('has one shared rule', () => {
    expect([0, 1, 2].map((n) => isPlural(n, 'fr'))).toEqual([false, false, true]);
    expect([0, 1, 2].map((n) => isPlural(n, 'en'))).toEqual([true, false, true]);
    expect(count(1, 'fr', 'enjeu', 'enjeux')).toBe('1 enjeu');
    expect(count(0, 'en', 'issue', 'issues')).toBe('0 issues');
  });

  const round = {
    id: 'r1',
    number: 2,
    deadline: new Date('2026-12-11T17:00:00Z'),
    draftTitle: 'Schéma',
    version: 1,
    period: '2026-2029',
    timezone: 'Europe/Paris',
    silenceMeansFavorable: false,
  };
  const enjeu = { id: 'e1', position: 1, title: 'Politique', body: 'Texte' };

  it('in the round messages', () => {
    const progress = invitationMessage({
      round,
      enjeux: [enjeu],
      readUrl: 'https://concerto.example/p',
      locale: 'en',
      progress: {
        organisationName: 'CD94',
        answered: [{ enjeuId: 'e1', choice: 'favorable', byName: 'Marie', at: new Date() }],
      },
    });
    expect(progress.context).toContain('Your organisation answered 1 of 1 issue.');
    const fr = reminderMessage({ round, missingEnjeux: [enjeu], locale: 'fr' });
    expect(fr.text[0]).toContain('Il reste 1 enjeu sans avis');
    const en = reminderMessage({ round, missingEnjeux: [enjeu], locale: 'en' });
    expect(en.text[0]).toContain('1 issue still without');
  });

  it('in the weekly digest', () => {
    const digest = (locale: 'fr' | 'en') =>
      weeklyDigestMessage({
        rounds: [{ number: 1, title: 'Schéma', deadline: '11/12/2026', complete: 1, invited: 1 }],
        agrements: [],
        locale,
      }).sections[0]!.text;
    expect(digest('fr')).toContain('1 organisation sur 1 a répondu à tous les enjeux');
    expect(digest('en')).toContain('1 of 1 organisation answered every issue');
  });

  it('in Slack', () => {
    const fr = slackStrings('fr');
    expect(fr.openRoundTally('11 décembre', 1, 1)).toBe(
      'Date limite : 11 décembre. 1 organisation sur 1 a répondu à tous les enjeux.',
    );
    expect(fr.openRoundTally('11 décembre', 0, 3)).toBe(
      'Date limite : 11 décembre. 0 organisation sur 3 a répondu à tous les enjeux.',
    );
    expect(fr.homeLeft(1, 1)).toBe('1 enjeu sur 1 sans avis');
    expect(fr.homeLeft(2, 3)).toBe('2 enjeux sur 3 sans avis');
    expect(fr.homeLeft(0, 1)).toBe('Complet (1/1 enjeu)');
    expect(fr.truncated(1)).toBe('… 1 élément non affiché ici : ouvrez le projet complet.');
    expect(fr.truncated(3)).toBe('… 3 éléments non affichés ici : ouvrez le projet complet.');
    const en = slackStrings('en');
    expect(en.openRoundTally('11 December', 1, 1)).toBe(
      'Deadline: 11 December. 1 of 1 organisation answered every enjeu.',
    );
    expect(en.homeLeft(1, 1)).toBe('1 of 1 enjeu without an avis');
    expect(en.truncated(1)).toBe('… 1 more item not shown here: open the full draft.');
  });

  it('in Teams', () => {
    const r = { number: 1, title: 'Schéma', version: 1, deadline: '11 décembre' };
    expect(teamsStrings('fr').openRound({ ...r, complete: 1, invited: 1 })).toBe(
      'N° 1 : Schéma (version 1) — 1 organisation sur 1 a tout rempli — date limite 11 décembre',
    );
    expect(teamsStrings('fr').openRound({ ...r, complete: 2, invited: 3 })).toContain(
      '2 organisations sur 3 ont tout rempli',
    );
    expect(teamsStrings('en').openRound({ ...r, complete: 1, invited: 1 })).toContain(
      '1 of 1 organisation has answered everything',
    );
  });
});
