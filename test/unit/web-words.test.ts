import type { BallotView } from '../../src/app/web-ballot';
import { CHAT_EN } from '../../src/domain/catalogue/en';
import { CHAT_FR } from '../../src/domain/catalogue/fr';
import { WEB_EN } from '../../src/domain/catalogue/web-en';
import { WEB_FR } from '../../src/domain/catalogue/web-fr';
import { webWords } from '../../src/domain/web-words';
import { renderBallotPage } from '../../src/http/ballot-page';

/**
 * « Every channel shows the same words »: the web ballot names a state (an enjeu changed or new
 * since the organisation's answer, an avis recorded) with the chat catalogue's words, in the
 * reader's language; the web's own words have the same keys in French and English.
 */
const view = (): BallotView => ({
  roundId: 'r1',
  roundNumber: 7,
  draftTitle: 'Schéma 2026',
  version: 2,
  period: '2026-2030',
  deadline: '14 mars à 18:00',
  organisation: { code: 'CS1', name: 'Centre social' },
  contact: { email: 'direction@cs1.fr', name: null },
  enjeux: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      position: 1,
      title: 'Un',
      body: 'Texte un',
      change: 'changed',
    },
    {
      id: '00000000-0000-4000-8000-000000000002',
      position: 2,
      title: 'Deux',
      body: 'Texte deux',
      change: 'added',
    },
    {
      id: '00000000-0000-4000-8000-000000000003',
      position: 3,
      title: 'Trois',
      body: 'Texte trois',
      change: 'unchanged',
    },
  ],
  answeredVersion: 1,
  removed: [],
  answered: 0,
  silenceMeansFavorable: false,
  followups: null,
});

function keysOf(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keysOf(v, `${prefix}.${k}`));
}

describe('the web ballot and the chat channels say a state the same way', () => {
  it('badges an enjeu changed or new since the answer with the chat catalogue’s words', () => {
    const html = renderBallotPage(view(), { action: '/vote/x', formToken: 't' });
    expect(html).toContain(`<span class="badge">${CHAT_FR.changes.changed}</span>`);
    expect(html).toContain(`<span class="badge nouveau">${CHAT_FR.changes.added}</span>`);
    expect(html.match(/class="badge/g)).toHaveLength(2);
  });

  it('titles a recorded avis as the chat channels confirm it', () => {
    const html = renderBallotPage(view(), {
      action: '/vote/x',
      formToken: 't',
      state: { saved: 1 },
    });
    expect(html).toContain(`<h2>${CHAT_FR.avisRecorded.replace(/\.$/, '')}</h2>`);
  });

  it('is written in English for an English reader, <html lang> included', () => {
    const html = renderBallotPage(view(), {
      action: '/vote/x',
      formToken: 't',
      locale: 'en',
      state: { saved: 2 },
    });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<span class="badge">${CHAT_EN.changes.changed}</span>`);
    expect(html).toContain(`<h2>${CHAT_EN.avisRecorded.replace(/\.$/, '')}</h2>`);
    expect(html).toContain(WEB_EN.ballot.howTo);
    expect(html).toContain(`${CHAT_EN.deadline}: <strong>`);
    expect(html).not.toMatch(/Vous répondez|Enjeu \d+ :|Date limite|Enregistrer/);
  });
});

describe('the web catalogue', () => {
  it('has the same words in French and English', () => {
    expect(keysOf(WEB_EN).sort()).toEqual(keysOf(WEB_FR).sort());
  });

  it('is read by locale, French by default', () => {
    expect(webWords('en')).toBe(WEB_EN);
    expect(webWords('fr')).toBe(WEB_FR);
    expect(webWords(undefined)).toBe(WEB_FR);
  });
});
