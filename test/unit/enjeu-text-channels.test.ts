import { invitationMessage } from '../../src/domain/round-messages';
import { renderMessage as slackMessage, buildAvisModal } from '../../src/adapters/slack/render';
import { renderMessage as teamsMessage } from '../../src/adapters/teams/render';
import { renderEmail } from '../../src/adapters/email/render';
import { renderBallotPage } from '../../src/http/ballot-page';
import { renderDraftPage } from '../../src/http/draft-page';

/** An enjeu's text as a Word draft gives it (Markdown): a list, emphasis, a table. */
const body = [
  'Trois **priorités** :',
  '',
  '- ouvrir des places',
  '- former les animateurs',
  '',
  '| Commune | Places |',
  '| --- | --- |',
  '| Ivry | 12 |',
].join('\n');
const hostile =
  '<script>alert(1)</script> <img src=x onerror=alert(2)> [clic](javascript:alert(3)) [ok](https://caf.example/)';

const invitation = invitationMessage({
  round: {
    id: 'r1',
    number: 3,
    deadline: new Date('2026-12-12T16:00:00Z'),
    draftTitle: 'Schéma AVS',
    version: 1,
    period: '2026-2030',
    timezone: 'Europe/Paris',
    silenceMeansFavorable: false,
  },
  enjeux: [
    { id: 'e1', position: 1, title: 'Offre', body },
    { id: 'e2', position: 2, title: 'Pilotage', body: hostile },
  ],
  readUrl: 'https://concerto.example/projets/x',
  locale: 'fr',
});
const bullets = '• ouvrir des places\n• former les animateurs';

describe('an enjeu’s text in the channels: a list item per line, nothing interpreted', () => {
  it('the invitation’s neutral text has one bullet per line and the table rows as lines', () => {
    expect(invitation.sections[0]!.text).toBe(
      `Trois priorités :\n${bullets}\nCommune | Places\nIvry | 12`,
    );
    expect(invitation.sections[1]!.text).toBe(
      '<script>alert(1)</script> <img src=x onerror=alert(2)> [clic](javascript:alert(3)) ok (https://caf.example/)',
    );
  });

  it('Slack shows the bullets on separate lines, HTML escaped (invitation and avis modal)', () => {
    const json = JSON.stringify(slackMessage(invitation));
    expect(json).toContain(JSON.stringify(bullets).slice(1, -1));
    expect(json).toContain('&lt;script&gt;');
    expect(json).not.toContain('<script>');
    const modal = JSON.stringify(
      buildAvisModal({
        roundId: 'r1',
        enjeux: [{ id: 'e1', position: 1, title: 'Offre', body }],
        current: {},
        locale: 'fr',
      }),
    );
    expect(modal).toContain(JSON.stringify(`Trois priorités :\n${bullets}`).slice(1, -1));
    expect(modal).not.toContain('**');
  });

  it('Teams shows each bullet as its own line, Markdown links neutralised', () => {
    const texts: string[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o['type'] === 'TextBlock') texts.push(String(o['text']));
        Object.values(o).forEach(walk);
      }
    };
    walk(teamsMessage(invitation));
    expect(texts).toContain(
      'Trois priorités :\n\n• ouvrir des places\n\n• former les animateurs\n\nCommune \\| Places\n\nIvry \\| 12',
    );
    const hostileBlock = texts.find((t) => t.includes('clic'))!;
    expect(hostileBlock).toContain('\\[clic\\]\\(javascript:alert\\(3\\)\\)');
    expect(hostileBlock).toContain('\\<script\\>');
  });

  it('e-mail: bullets on their own lines in both bodies; hostile HTML escaped', () => {
    const mail = renderEmail(invitation);
    expect(mail.text).toContain(bullets);
    expect(mail.html).toContain('• ouvrir des places<br>• former les animateurs');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).not.toMatch(/<script|<img|href="javascript/i);
  });
});

describe('an enjeu’s text on the web pages: Markdown as safe HTML', () => {
  const enjeux = [
    { id: 'e1', position: 1, title: 'Offre', body },
    { id: 'e2', position: 2, title: 'Pilotage', body: hostile },
  ];
  const checks = (html: string) => {
    expect(html).toMatch(/<ul>\s*<li>ouvrir des places<\/li>\s*<li>former les animateurs<\/li>/);
    expect(html).toContain('<strong>priorités</strong>');
    expect(html).toMatch(/<table>[\s\S]*<th>Commune<\/th>[\s\S]*<td>Ivry<\/td>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain(
      '<a href="https://caf.example/" rel="noopener noreferrer nofollow">ok</a>',
    );
  };

  it('the draft page', () => {
    checks(
      renderDraftPage({
        title: 'Schéma AVS',
        version: 1,
        schema: { period: '2026-2030' },
        enjeux,
      }),
    );
  });

  it('the web ballot', () => {
    checks(
      renderBallotPage(
        {
          roundId: 'r1',
          roundNumber: 3,
          draftTitle: 'Schéma AVS',
          version: 1,
          period: '2026-2030',
          deadline: '12 décembre 2026 à 17:00',
          organisation: { code: 'CD94', name: 'Conseil départemental' },
          contact: { email: 'a@cd94.example', name: null },
          enjeux,
          answeredVersion: null,
          removed: [],
          answered: 0,
          followups: null,
          silenceMeansFavorable: false,
        },
        { action: '/vote/x', formToken: 'tok' },
      ),
    );
  });
});
