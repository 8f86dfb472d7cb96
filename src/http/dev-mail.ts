import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express, Request } from 'express';
import { escapeHtml as h } from './html';
import { BALLOT_STYLE } from './ballot-page';

interface MailEntry {
  file: string;
  to: string;
  subject: string;
  at: string;
  ballotUrl: string | null;
  /** A pilot's sign-in link to the console. */
  signInUrl?: string;
}

/**
 * /dev/mail, without SMTP_URL only: the e-mails the worker wrote as .eml files, newest first,
 * with their personal ballot links, so a newcomer can answer a demo round in the browser. Only
 * from this machine (loopback addresses): the links are personal.
 */
export function mountDevMail(app: Express, o: { mailDir: string }): void {
  const local = (req: Request) => {
    const ip = req.socket.remoteAddress ?? '';
    return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
  };
  app.get('/dev/mail', (req, res) => {
    if (!local(req)) {
      res.status(403).type('text/plain; charset=utf-8').send('Page réservée à cette machine.');
      return;
    }
    const entries = listMail(o.mailDir);
    const rows = entries
      .map(
        (e) =>
          `<tr><td>${h(e.at.replace('T', ' ').slice(0, 19))}</td><td>${h(e.to)}</td><td>${h(e.subject)}</td><td>${
            e.ballotUrl
              ? `<a href="${h(e.ballotUrl)}">Voter comme ${h(e.to)}</a>`
              : e.signInUrl
                ? `<a href="${h(e.signInUrl)}">Se connecter à la console comme ${h(e.to)}</a>`
                : '—'
          }</td><td><a href="/dev/mail/${encodeURIComponent(e.file)}">Télécharger le courriel (.eml)</a></td></tr>`,
      )
      .join('\n');
    res
      .type('text/html; charset=utf-8')
      .setHeader('cache-control', 'no-store')
      .setHeader('referrer-policy', 'no-referrer')
      .setHeader(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      .send(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Courriels de développement — Concerto</title><style>${BALLOT_STYLE}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}</style></head>
<body><main style="max-width:70rem"><h1>Courriels de développement</h1>
<p>Sans <code>SMTP_URL</code>, Concerto écrit chaque courriel dans <code>${h(o.mailDir)}</code> au lieu de l'envoyer. ${entries.length === 0 ? 'Aucun courriel pour l’instant : lancez une consultation.' : `${entries.length} courriel${entries.length > 1 ? 's' : ''}, du plus récent au plus ancien.`}</p>
${entries.length ? `<table><caption class="meta" style="text-align:left">Courriels écrits</caption><thead><tr><th scope="col">Date (UTC)</th><th scope="col">Destinataire</th><th scope="col">Objet</th><th scope="col">Lien</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
</main></body></html>`);
  });
  app.get('/dev/mail/:file', (req, res) => {
    const file = String(req.params.file);
    if (!local(req) || !/^[\w.-]+\.eml$/.test(file) || !existsSync(path.join(o.mailDir, file))) {
      res.status(404).type('text/plain; charset=utf-8').send('Courriel introuvable.');
      return;
    }
    res
      .type('message/rfc822')
      .setHeader('content-disposition', `attachment; filename="${file}"`)
      .send(readFileSync(path.join(o.mailDir, file)));
  });
}

function listMail(dir: string): MailEntry[] {
  if (!existsSync(dir)) return [];
  const out: MailEntry[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.eml.json')) continue;
    try {
      const meta = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Omit<
        MailEntry,
        'file'
      >;
      out.push({ ...meta, file: name.slice(0, -'.json'.length) });
    } catch {
      // a file being written: skipped this time
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 500);
}
