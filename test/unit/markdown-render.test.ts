import { markdownToPlainText } from '../../src/domain/markdown-text';
import { markdownToHtml } from '../../src/http/markdown';
import { htmlToMarkdown } from '../../src/app/word-draft';

const body = [
  'Trois **priorités** pour *2026* :',
  '',
  '- ouvrir des places',
  '- former les animateurs',
  '  1. en 2026',
  '  2. en 2027',
  '',
  '| Commune | Places |',
  '| --- | --- |',
  '| Ivry | 12 |',
  '',
  'Voir [le diagnostic](https://caf.example/diag).',
].join('\n');

describe('an enjeu’s Markdown as HTML (draft page, web ballot)', () => {
  it('keeps paragraphs, lists, emphasis, tables and web links', () => {
    const html = markdownToHtml(body);
    expect(html).toContain('<strong>priorités</strong>');
    expect(html).toContain('<em>2026</em>');
    expect(html).toMatch(/<ul>\s*<li>ouvrir des places<\/li>\s*<li>former les animateurs\s*<ol>/);
    expect(html).toMatch(/<table>[\s\S]*<th>Commune<\/th>[\s\S]*<td>Ivry<\/td>[\s\S]*<\/table>/);
    expect(html).toContain(
      '<a href="https://caf.example/diag" rel="noopener noreferrer nofollow">le diagnostic</a>',
    );
  });

  it('leaves hostile text inert: raw HTML shown as text, no script, no javascript: link', () => {
    const html = markdownToHtml(
      [
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[clic](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:x)',
        '![img](https://evil.example/x.png)',
        '<a href="javascript:alert(2)">a</a>',
      ].join('\n\n'),
    );
    expect(html).not.toMatch(/<script|<img|<a href="javascript|<a href="data|<a href="vbscript/i);
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<[a-z]+[^>]*\son[a-z]+=/i);
  });
});

describe('an enjeu’s Markdown as plain text (Slack, Teams, e-mail, CLI)', () => {
  it('puts each list item and table row on its own line, emphasis dropped, links with address', () => {
    expect(markdownToPlainText(body)).toBe(
      [
        'Trois priorités pour 2026 :',
        '',
        '• ouvrir des places',
        '• former les animateurs',
        '  1. en 2026',
        '  2. en 2027',
        '',
        'Commune | Places',
        'Ivry | 12',
        '',
        'Voir le diagnostic (https://caf.example/diag).',
      ].join('\n'),
    );
  });

  it('shows raw HTML and hostile links as text, never as a link', () => {
    const text = markdownToPlainText('<b>x</b> [clic](javascript:alert(1))');
    expect(text).toBe('<b>x</b> [clic](javascript:alert(1))');
  });
});

describe('Word HTML as draft Markdown', () => {
  it('turns tables into pipe tables, with the first row as header and | escaped', () => {
    expect(
      htmlToMarkdown(
        '<h2>Accueil</h2><table><tr><td><p>Commune</p></td><td><p>Places</p></td></tr><tr><td><p><strong>Ivry</strong></p></td><td><p>a|b</p></td></tr></table>',
      ),
    ).toBe('## Accueil\n\n| Commune | Places |\n| --- | --- |\n| **Ivry** | a\\|b |');
  });
});
