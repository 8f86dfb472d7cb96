import type { NeutralMessage } from '../../domain/messages';
import { AVIS_LABELS } from '../../domain/avis';
import type { AvisChoice } from '../../domain/types';
import { escapeHtml } from '../../http/html';
import { emailWords } from '../../domain/chat-words';

/** An e-mail's subject and its two bodies (HTML and plain text). */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailRenderOptions {
  /**
   * The personal address of the web ballot for this contact and round (`avis.open` actions).
   * Without one (no ballot for this message), the action is left out.
   */
  ballotUrl?: string;
}

const CHOICES: AvisChoice[] = ['favorable', 'favorable_avec_reserves', 'defavorable', 'abstention'];

/**
 * Renders a neutral message as an accessible e-mail: one `<h1>` (the title), paragraphs, the
 * fields as a definition list, one `<h2>` per section (an enjeu), results counts as a real table
 * with a caption, and links whose text says where they go. Every text is escaped; no script, no
 * external style sheet (mail clients strip them): inline styles only, sober. The only image is
 * the chart of a results section (a signed link, with its text alternative in `alt`); the
 * table under it carries the same numbers.
 */
export function renderEmail(message: NeutralMessage, o: EmailRenderOptions = {}): RenderedEmail {
  const fr = message.locale !== 'en';
  const w = emailWords(message.locale);
  const h = escapeHtml;
  const parts: string[] = [];
  const text: string[] = [];
  parts.push(`<h1 style="font-size:1.4em;margin:0 0 .6em">${h(message.title)}</h1>`);
  text.push(message.title, '='.repeat(Math.min(message.title.length, 72)), '');
  for (const p of message.text) {
    parts.push(`<p>${paragraph(p)}</p>`);
    text.push(p, '');
  }
  if (message.fields.length > 0) {
    parts.push('<dl>');
    for (const f of message.fields) {
      parts.push(
        `<dt style="font-weight:bold">${h(f.label)}</dt><dd style="margin:0 0 .4em 0">${paragraph(f.value)}</dd>`,
      );
      text.push(`${f.label} : ${f.value}`);
    }
    parts.push('</dl>');
    text.push('');
  }
  for (const s of message.sections) {
    parts.push(`<h2 style="font-size:1.15em;margin:1.2em 0 .3em">${h(s.title)}</h2>`);
    text.push(s.title, '-'.repeat(Math.min(s.title.length, 72)));
    if (s.text) {
      parts.push(`<p>${paragraph(s.text)}</p>`);
      text.push(s.text);
    }
    if (s.counts) {
      const caption = w.countsCaption(s.title);
      parts.push(
        `<table style="border-collapse:collapse"><caption style="text-align:left">${h(caption)}</caption>` +
          `<thead><tr><th scope="col" style="text-align:left;padding:2px 8px">${h(w.choice)}</th>` +
          `<th scope="col" style="text-align:right;padding:2px 8px">${h(w.organisations)}</th></tr></thead><tbody>`,
      );
      for (const c of CHOICES) {
        const n = s.counts[c] ?? 0;
        const label = AVIS_LABELS[c][fr ? 'fr' : 'en'];
        parts.push(
          `<tr><th scope="row" style="text-align:left;font-weight:normal;padding:2px 8px">${h(label)}</th><td style="text-align:right;padding:2px 8px">${n}</td></tr>`,
        );
        text.push(`  ${label} : ${n}`);
      }
      parts.push('</tbody></table>');
    }
    if (s.chart && /^https?:\/\//i.test(s.chart.url)) {
      parts.push(
        `<p><img src="${h(s.chart.url)}" alt="${h(s.chart.alt)}" width="480" style="max-width:100%;height:auto"></p>`,
      );
    }
    text.push('');
  }
  const links: { label: string; url: string; primary: boolean }[] = [];
  for (const a of message.actions) {
    if (a.type === 'link') links.push({ label: a.label, url: a.url, primary: false });
    else if (a.type === 'avis.open' && o.ballotUrl)
      links.push({
        label: w.onBallotPage(a.label),
        url: o.ballotUrl,
        primary: true,
      });
  }
  if (links.length > 0) {
    parts.push('<ul style="padding-left:1.2em">');
    for (const l of links) {
      const style = l.primary
        ? 'display:inline-block;padding:.5em 1em;background:#0b5394;color:#fff;font-weight:bold;text-decoration:underline'
        : '';
      parts.push(
        `<li style="margin:.4em 0"><a href="${h(l.url)}" style="${style}">${h(l.label)}</a></li>`,
      );
      text.push(`${l.label} :`, `  ${l.url}`);
    }
    parts.push('</ul>');
    text.push('');
  }
  if (message.context) {
    parts.push(`<p style="color:#555;font-size:.9em">${paragraph(message.context)}</p>`);
    text.push(message.context, '');
  }
  // A notice without a ballot (the console's sign-in e-mail) carries no ballot link to warn about.
  const noBallot =
    message.kind === 'notice' && !message.actions.some((a) => a.type === 'avis.open');
  const footer = noBallot ? w.footerPersonal : w.footerBallot;
  parts.push(`<hr><p style="color:#555;font-size:.85em">${h(footer)}</p>`);
  text.push('--', footer);
  const html =
    `<!doctype html><html lang="${fr ? 'fr' : 'en'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(message.title)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em">` +
    parts.join('\n') +
    '</body></html>';
  return {
    subject: message.title,
    html,
    text:
      text
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n',
  };
}

/** A paragraph's lines: escaped, line breaks kept. */
function paragraph(t: string): string {
  return escapeHtml(t).replace(/\n/g, '<br>');
}
