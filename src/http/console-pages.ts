import { DateTime } from 'luxon';
import {
  AGREMENT_KIND_LABELS,
  AGREMENT_STATUS_LABELS,
  agrementEvaluationText,
} from '../domain/agrement-messages';
import { AVIS_LABELS, CHOICES_REQUIRING_REASON } from '../domain/avis';
import { consoleWords, type ConsoleWords } from '../domain/console-words';
import { DomainError, errorText } from '../domain/errors';
import { AVIS_CHOICES, MAX_COMMENT_LENGTH, type AvisChannel, type Locale } from '../domain/types';
import type {
  consoleAgrements,
  consoleLaunchChoices,
  ConsoleRound,
  ConsoleRoundRow,
} from '../app/console-views';
import type { RoundFollowups } from '../app/list-followups';
import { FOLLOWUP_LABELS, FOLLOWUP_RESPONSES, MAX_JUSTIFICATION_LENGTH } from '../domain/followup';
import { chartCountsOfTally, enjeuChart } from '../reports/avis-chart';
import { BALLOT_STYLE } from './ballot-page';
import { escapeHtml as h } from './html';

/**
 * The pilots' console pages: server-rendered HTML in the pilot's language (domain/console-words.ts) that works without JavaScript (RGAA
 * principles: a skip link, one h1 per page, real headings, labels for every control, tables
 * with a caption and th scope, visible focus, errors written next to their form with
 * role="alert", success messages in a status region). Every user text goes through escapeHtml.
 */
const STYLE = `${BALLOT_STYLE}
main{max-width:72rem}
.graphiques{display:flex;flex-wrap:wrap;gap:1.5rem}
.graphiques figure{margin:0;max-width:32rem}
.graphiques svg{max-width:100%;height:auto}
.graphiques figcaption{font-size:.9rem}
.lien-evitement{position:absolute;left:-999rem}
.lien-evitement:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header.console{border-bottom:1px solid #929292;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header.console nav ul{list-style:none;display:flex;gap:1.5rem;margin:0;padding:0}
header.console form{margin:0}
header.console button{padding:.4rem 1rem;background:#fff;color:#000091;border:1px solid #000091}
table{border-collapse:collapse;width:100%;margin:1rem 0}
caption{text-align:left;font-weight:bold;margin-bottom:.5rem}
th,td{border:1px solid #929292;padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eee}
.matrice-conteneur{overflow-x:auto}
.avis{font-weight:bold}
.qui{color:#3a3a3a;font-size:.9rem;display:block}
.canal{display:inline-block;font-size:.8rem;font-weight:bold;padding:0 .3rem;border-radius:.2rem;background:#e3e3fd;color:#000091}
.canal.proxy{background:#fee7fc;color:#6e445a}
.canal.implicit{background:#eee;color:#1b1b1b}
.sans{color:#3a3a3a;font-style:italic}
section.action{border:1px solid #929292;border-radius:.25rem;padding:1rem;margin:1rem 0}
section.action h2{margin-top:0}
label{display:block;font-weight:bold;margin:.75rem 0 .25rem}
.choix label,.cases label{font-weight:normal;display:flex;gap:.5rem;align-items:flex-start;margin:.2rem 0}
input[type=email],input[type=text],input[type=datetime-local],select{font:inherit;padding:.4rem;border:1px solid #3a3a3a;border-radius:.2rem;max-width:100%}
input[type=email],input[type=text]{width:30rem}
a.bouton{display:inline-block;font-weight:bold;background:#000091;color:#fff;border-radius:.25rem;padding:.75rem 1.5rem;text-decoration:none}
button.secondaire{background:#fff;color:#000091;border:1px solid #000091}
button.danger{background:#ce0500}
button{margin:.5rem .5rem 0 0}
button:focus,input:focus,select:focus,textarea:focus,a:focus{outline:3px solid #0a76f6;outline-offset:2px}
dl.etat{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.etat dt{font-weight:bold}
dl.etat dd{margin:0}
`;

export interface Layout {
  title: string;
  /** The pilot's language (French when absent: the sign-in pages). */
  locale?: Locale;
  /** The signed-in pilot; absent on the sign-in pages. */
  pilot?: { displayName: string; tenantName: string; csrf: string };
}

/** The words of a layout's pilot (French on the sign-in pages). */
export const wordsOf = (l: Layout): ConsoleWords => consoleWords(l.locale);

export function page(l: Layout, body: string): string {
  const w = wordsOf(l).layout;
  const header = l.pilot
    ? `<header class="console"><p><strong>Concerto</strong> — ${w.console}, ${h(l.pilot.tenantName)} (${h(l.pilot.displayName)})</p>
<nav aria-label="${w.nav}"><ul><li><a href="/console">${w.rounds}</a></li><li><a href="/console/agrements">${w.agrements}</a></li><li><a href="/console/grilles">${w.grids}</a></li></ul></nav>
<form method="post" action="/console/deconnexion"><input type="hidden" name="jeton" value="${h(l.pilot.csrf)}"><button type="submit">${w.signOut}</button></form></header>`
    : `<header class="console"><p><strong>Concerto</strong> — ${w.console}</p></header>`;
  return `<!doctype html>
<html lang="${wordsOf(l).lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${w.pageTitle(h(l.title))}</title>
<style>${STYLE}</style>
</head><body><a class="lien-evitement" href="#contenu">${w.skip}</a>
${header}
<main id="contenu" tabindex="-1">
${body}
</main></body></html>`;
}

const status = (message?: string) =>
  message ? `<div class="ok" role="status" id="message"><p>${h(message)}</p></div>` : '';
const alert = (id: string, message?: string) =>
  message ? `<p class="erreur" id="erreur-${id}" role="alert">${h(message)}</p>` : '';

/** The sign-in form (and what it says after a request, or a refusal). */
export function renderSignIn(o: {
  csrf: string;
  sent?: boolean;
  loggedOut?: boolean;
  error?: string;
  /** The Caf of `?caf=<code>`, when it has an identity provider (OpenID Connect). */
  oidc?: { caf: string; tenantName: string; label: string };
}): string {
  const w = consoleWords(undefined).signIn;
  const oidc = o.oidc
    ? `<section aria-labelledby="titre-oidc"><h2 id="titre-oidc">${w.withAccountOf(h(o.oidc.tenantName))}</h2>
<p><a class="bouton" href="/console/connexion/oidc?caf=${encodeURIComponent(o.oidc.caf)}">${w.withProvider(h(o.oidc.label))}</a></p></section>
<h2>${w.orByLink}</h2>`
    : '';
  return page(
    { title: w.title },
    `<h1>${w.heading}</h1>
${o.loggedOut ? status(w.loggedOut) : ''}
${o.sent ? status(w.sent) : ''}
${oidc}<p>${w.intro}</p>
<form method="post" action="/console/connexion" novalidate>
<input type="hidden" name="jeton" value="${h(o.csrf)}">
<label for="email">${w.email}</label>
<p class="aide" id="email-aide">${w.emailHint}</p>
${alert('connexion', o.error)}
<input type="email" id="email" name="email" autocomplete="email" required aria-describedby="email-aide${o.error ? ' erreur-connexion' : ''}"${o.error ? ' aria-invalid="true"' : ''}>
<div><button type="submit">${w.send}</button></div>
</form>`,
  );
}

/** The page a sign-in link opens: one button (mail scanners that follow links use nothing). */
export function renderSignInLink(o: {
  action: string;
  csrf: string;
  pilotName?: string;
  tenantName?: string;
  error?: string;
}): string {
  const w = consoleWords(undefined).signIn;
  return page(
    { title: w.title },
    `<h1>${w.heading}</h1>
${
  o.error
    ? `${alert('lien', o.error)}<p><a href="/console/connexion">${w.newLink}</a></p>`
    : `<p>${w.as(`<strong>${h(o.pilotName ?? '')}</strong>`, h(o.tenantName ?? ''))}</p>
<form method="post" action="${h(o.action)}"><input type="hidden" name="jeton" value="${h(o.csrf)}"><button type="submit">${w.submit}</button></form>`
}`,
  );
}

/** A refusal page (403 form expired, 404…). */
export function renderConsoleRefusal(
  layout: Layout,
  title: string,
  message: string,
  back = '/console',
): string {
  return page(
    layout,
    `<h1>${h(title)}</h1>\n<p class="erreur" role="alert">${h(message)}</p>\n<p><a href="${h(back)}">${wordsOf(layout).layout.backToConsole}</a></p>`,
  );
}

export function renderRounds(layout: Layout, rows: ConsoleRoundRow[], message?: string): string {
  const w = wordsOf(layout);
  const t = w.rounds;
  const table = rows.length
    ? `<table><caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.round}</th><th scope="col">${t.subject}</th><th scope="col">${t.state}</th><th scope="col">${w.deadline}</th><th scope="col">${t.participation}</th></tr></thead>
<tbody>${rows
        .map((r) =>
          r.kind === 'survey'
            ? `<tr><th scope="row"><a href="/console/consultations/${r.number}">${t.evaluation(r.number)}</a></th><td>${h(r.gridTitle)} (${h(w.surveyMode(r))})</td><td>${h(w.status[r.status])}</td><td>${h(r.deadline)}</td><td>${h(w.surveyParticipation(r.participation))}</td></tr>`
            : `<tr><th scope="row"><a href="/console/consultations/${r.number}">${t.consultation(r.number)}</a></th><td>${t.version(h(r.draftTitle), r.version)}</td><td>${h(w.status[r.status])}</td><td>${h(r.deadline)}</td><td>${w.answeredEverything(r.complete, r.invited)}</td></tr>`,
        )
        .join('\n')}</tbody></table>`
    : `<p>${t.none}</p>`;
  return page(
    layout,
    `<h1>${w.layout.rounds}</h1>
${status(message)}
<p><a href="/console/consultations/nouvelle">${t.prepare}</a></p>
${table}`,
  );
}

/** The avis channel's words, and a mark for those the organisation did not type itself. */
const channelMark = (w: ConsoleWords, channel: string) => ({
  label: w.channels[channel as AvisChannel] ?? channel,
  cls: channel === 'proxy' || channel === 'implicit' ? channel : '',
});

export interface RoundPageState {
  message?: string;
  /** The message follows the launch (the round page adds the reminders that fell in the past). */
  launched?: boolean;
  /** An error next to one form: `lancer`, `relancer`, `echeance`, `avis`, `clore`, `annuler`. */
  error?: { form: string; message: string };
  /** The proxy form's values after an error. */
  avis?: { organisation: string; enjeu: string; avis: string; commentaire: string; source: string };
  echeance?: string;
}

function localInput(d: Date, timezone: string): string {
  return DateTime.fromJSDate(d).setZone(timezone).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function renderRound(
  layout: Layout & { pilot: NonNullable<Layout['pilot']> },
  v: ConsoleRound,
  state: RoundPageState = {},
): string {
  const r = v.round;
  const w = wordsOf(layout);
  const locale = w.lang;
  const t = w.round;
  const act = w.action;
  const csrf = `<input type="hidden" name="jeton" value="${h(layout.pilot.csrf)}">`;
  const base = `/console/consultations/${r.number}`;
  const tz = r.tenant.timezone;
  const err = (form: string) => (state.error?.form === form ? state.error.message : undefined);
  const fmt = (d: Date) =>
    DateTime.fromJSDate(d).setZone(tz).setLocale(locale).toFormat(w.dateTime);

  const head = `<th scope="col">${t.organisation}</th>${v.enjeux
    .map((e) => `<th scope="col">${w.enjeu(e.position, h(e.title))}</th>`)
    .join('')}`;
  const rows = v.organisations
    .map((o) => {
      const cells = v.enjeux
        .map((e) => {
          const c = v.cell(o.id, e.id);
          if (!c) return `<td><span class="sans">${t.noAnswer}</span></td>`;
          const mark = channelMark(w, c.channel);
          return `<td><span class="avis">${h(AVIS_LABELS[c.choice][locale])}</span> <span class="canal ${mark.cls}">${h(mark.label)}</span>${
            c.comment ? `<p>${h(c.comment)}</p>` : ''
          }<span class="qui">${c.by ? `${h(c.by)}, ` : ''}${t.castAt(h(fmt(c.castAt)))}</span></td>`;
        })
        .join('');
      return `<tr><th scope="row">${h(o.name)} (${h(o.code)})</th>${cells}</tr>`;
    })
    .join('\n');

  const sections: string[] = [];
  // The chart of each enjeu, inline SVG (role="img", <title> and <desc>), and its text
  // alternative as visible text under it: the same chart as the PDF and the results messages.
  const charts =
    r.status === 'open' || r.status === 'closed'
      ? `<section aria-labelledby="t-graphiques"><h2 id="t-graphiques">${t.charts}</h2>
<div class="graphiques">${v.tally.enjeux
          .map((e) => {
            const c = enjeuChart(
              { position: e.position, title: e.title, counts: chartCountsOfTally(e) },
              locale,
              { id: `graphique-${e.position}` },
            );
            return `<figure id="graphique-${e.position}"><h3>${t.chart(h(c.subject))}</h3>${c.svg}<figcaption>${h(c.alt)}</figcaption></figure>`;
          })
          .join('\n')}</div></section>`
      : '';
  if (r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-lancer"><h2 id="t-lancer">${act.launch}</h2>
<p>${t.launchText}</p>
${alert('lancer', err('lancer'))}
<form method="post" action="${base}/lancer">${csrf}<button type="submit">${t.launchButton}</button></form></section>`);
  if (r.status === 'open')
    sections.push(`<section class="action" aria-labelledby="t-relancer"><h2 id="t-relancer">${act.remind}</h2>
<p>${t.remindText}</p>
${alert('relancer', err('relancer'))}
<form method="post" action="${base}/relancer">${csrf}<button type="submit">${t.remindButton}</button></form></section>`);
  if (r.status === 'draft' || r.status === 'open')
    sections.push(`<section class="action" aria-labelledby="t-echeance"><h2 id="t-echeance">${act.deadline}</h2>
<form method="post" action="${base}/echeance" novalidate>${csrf}
<label for="nouvelle-echeance">${act.newDeadline}</label>
<p class="aide" id="nouvelle-echeance-aide">${act.deadlineHint(h(tz))}</p>
${alert('echeance', err('echeance'))}
<input type="datetime-local" id="nouvelle-echeance" name="echeance" value="${h(state.echeance ?? localInput(r.deadline, tz))}" aria-describedby="nouvelle-echeance-aide${err('echeance') ? ' erreur-echeance' : ''}"${err('echeance') ? ' aria-invalid="true"' : ''}>
<div><button type="submit">${act.deadline}</button></div></form></section>`);
  if (r.status === 'open') {
    const a = state.avis;
    sections.push(`<section class="action" aria-labelledby="t-avis"><h2 id="t-avis">${t.proxy}</h2>
<p>${t.proxyText}</p>
${alert('avis', err('avis'))}
<form method="post" action="${base}/avis" novalidate>${csrf}
<label for="avis-organisation">${t.organisation}</label>
<select id="avis-organisation" name="organisation">${v.organisations
      .map(
        (o) =>
          `<option value="${h(o.code)}"${a?.organisation === o.code ? ' selected' : ''}>${h(o.name)} (${h(o.code)})</option>`,
      )
      .join('')}</select>
<label for="avis-enjeu">${t.enjeuLabel}</label>
<select id="avis-enjeu" name="enjeu"><option value="tous"${a?.enjeu === 'tous' ? ' selected' : ''}>${t.allEnjeux}</option>${v.enjeux
      .map(
        (e) =>
          `<option value="${e.position}"${a?.enjeu === String(e.position) ? ' selected' : ''}>${w.enjeu(e.position, h(e.title))}</option>`,
      )
      .join('')}</select>
<fieldset><legend>${t.avis}</legend><div class="choix">${AVIS_CHOICES.map(
      (c) =>
        `<label><input type="radio" name="avis" value="${c}"${a?.avis === c ? ' checked' : ''}> <span>${h(AVIS_LABELS[c][locale])}${CHOICES_REQUIRING_REASON.includes(c) ? ` (${w.needsReason})` : ''}</span></label>`,
    ).join('')}</div></fieldset>
<label for="avis-commentaire">${t.comment}</label>
<p class="aide" id="avis-commentaire-aide">${t.commentHint(MAX_COMMENT_LENGTH)}</p>
<textarea id="avis-commentaire" name="commentaire" maxlength="${MAX_COMMENT_LENGTH}" aria-describedby="avis-commentaire-aide">${h(a?.commentaire ?? '')}</textarea>
<label for="avis-source">${t.source}</label>
<p class="aide" id="avis-source-aide">${t.sourceHint}</p>
<input type="text" id="avis-source" name="source" maxlength="200" value="${h(a?.source ?? '')}" aria-describedby="avis-source-aide">
<div><button type="submit">${t.proxyButton}</button></div></form></section>`);
  }
  if (r.status === 'open' || r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-clore"><h2 id="t-clore">${act.closeOrCancel}</h2>
${r.status === 'open' ? `<p>${t.closeText(r.silenceMeansFavorable)}</p>${alert('clore', err('clore'))}<form method="post" action="${base}/clore">${csrf}<button type="submit">${t.closeButton}</button></form>` : ''}
<p>${t.cancelText(r.status === 'open')}</p>
${alert('annuler', err('annuler'))}
<form method="post" action="${base}/annuler">${csrf}<button type="submit" class="danger">${t.cancelButton}</button></form></section>`);
  if (r.status === 'closed')
    sections.push(`<section class="action" aria-labelledby="t-suivi"><h2 id="t-suivi">${t.followups}</h2>
<p>${t.followupsText}</p>
<p><a href="${base}/suivi">${t.followupsLink}</a></p></section>`);
  sections.push(`<section class="action" aria-labelledby="t-exports"><h2 id="t-exports">${act.exports}</h2><ul>
<li><a href="${base}/export.xlsx" download>${act.xlsx}</a></li>
<li><a href="${base}/export.pdf" download>${t.pdf}</a></li>
<li><a href="${base}/export.csv" download>${t.csv}</a></li>
<li><a href="${base}/synthese.md" download>${t.md}</a></li></ul></section>`);

  return page(
    { ...layout, title: w.rounds.consultation(r.number) },
    `<p><a href="/console">${w.layout.allRounds}</a></p>
<h1>${t.heading(r.number, h(r.draftVersion.title), r.draftVersion.version)}</h1>
${status(state.message)}
<dl class="etat"><dt>${act.state}</dt><dd id="etat">${h(w.status[r.status])}</dd>
<dt>${w.deadline}</dt><dd>${h(v.deadline)}</dd>
<dt>${act.participation}</dt><dd>${w.answeredEverything(v.tally.complete, v.tally.invited)}</dd>
<dt>${t.silence}</dt><dd>${r.silenceMeansFavorable ? t.silenceYes : t.silenceNo}</dd>
<dt>${t.results}</dt><dd>${r.resultsVisibility === 'during' ? t.resultsDuring : t.resultsAfter}</dd></dl>
<h2>${t.matrix}</h2>
<div class="matrice-conteneur"><table id="matrice"><caption>${t.matrixCaption(v.organisations.length, v.enjeux.length)}</caption>
<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
${charts}
${sections.join('\n')}`,
  );
}

export interface LaunchFormValues {
  /** 'consultation' (on a draft, the default) or 'evaluation' (on a grid). */
  sorte?: string;
  grille?: string;
  /** 'organisation' or 'personne' (an evaluation). */
  par?: string;
  anonyme?: boolean;
  version?: string;
  types?: string[];
  orgs?: string[];
  echeance?: string;
  rappels?: string;
  silence?: boolean;
  resultats?: string;
}

export function renderNewRound(
  layout: Layout & { pilot: NonNullable<Layout['pilot']> },
  choices: Awaited<ReturnType<typeof consoleLaunchChoices>>,
  o: { values?: LaunchFormValues; error?: string; timezone: string },
): string {
  const w = wordsOf(layout);
  const t = w.newRound;
  const v = o.values ?? {};
  const types = new Set(v.types ?? []);
  const orgs = new Set(v.orgs ?? []);
  const evaluation = v.sorte === 'evaluation' || choices.versions.length === 0;
  // An evaluation on one of the Caf's grids, when it has any (issue [11]): the kind first.
  const surveyPart = choices.grids.length
    ? `<fieldset class="choix"><legend>${t.kind}</legend>
${
  choices.versions.length
    ? `<label><input type="radio" name="sorte" value="consultation"${evaluation ? '' : ' checked'}> <span>${t.kindConsultation}</span></label>`
    : ''
}
<label><input type="radio" name="sorte" value="evaluation"${evaluation ? ' checked' : ''}> <span>${t.kindEvaluation}</span></label>
</fieldset>`
    : '';
  const gridPart = choices.grids.length
    ? `<fieldset><legend>${t.forEvaluation}</legend>
<label for="grille">${t.grid}</label>
<select id="grille" name="grille">${choices.grids
        .map(
          (g) =>
            `<option value="${h(g.code)}"${v.grille === g.code ? ' selected' : ''}>${h(g.label)}</option>`,
        )
        .join('')}</select>
<fieldset class="choix"><legend>${t.who}</legend>
<label><input type="radio" name="par" value="organisation"${v.par !== 'personne' ? ' checked' : ''}> <span>${t.perOrganisation}</span></label>
<label><input type="radio" name="par" value="personne"${v.par === 'personne' ? ' checked' : ''}> <span>${t.perPerson}</span></label>
</fieldset>
<label class="case"><input type="checkbox" name="anonyme" value="1"${v.anonyme ? ' checked' : ''}> <span>${t.anonymous}</span></label>
</fieldset>`
    : '';
  const versionPart = choices.versions.length
    ? `<label for="version">${t.version}</label>
<select id="version" name="version">${choices.versions
        .map(
          (d) =>
            `<option value="${h(d.id)}"${v.version === d.id ? ' selected' : ''}>${h(d.label)}</option>`,
        )
        .join('')}</select>`
    : '';
  const body =
    choices.versions.length || choices.grids.length
      ? `${alert('nouvelle', o.error)}
<form method="post" action="/console/consultations" novalidate>
<input type="hidden" name="jeton" value="${h(layout.pilot.csrf)}">
${surveyPart}
${versionPart}
${gridPart}
<fieldset class="cases"><legend>${t.byKind}</legend>
<p class="aide">${t.byKindHint}</p>
${choices.kinds
  .map(
    (k) =>
      `<label><input type="checkbox" name="types" value="${h(k.kind)}"${types.has(k.kind) ? ' checked' : ''}> <span>${h(k.heading)}</span></label>`,
  )
  .join('\n')}
</fieldset>
<fieldset class="cases"><legend>${t.oneByOne}</legend>
${choices.kinds
  .map(
    (k) =>
      `<h3>${h(k.label)}</h3>${k.organisations
        .map(
          (org) =>
            `<label><input type="checkbox" name="orgs" value="${h(org.code)}"${orgs.has(org.code) ? ' checked' : ''}> <span>${h(org.name)} (${h(org.code)})</span></label>`,
        )
        .join('')}`,
  )
  .join('\n')}
</fieldset>
<label for="echeance">${w.deadline}</label>
<p class="aide" id="echeance-aide">${t.deadlineHint(h(o.timezone))}</p>
<input type="datetime-local" id="echeance" name="echeance" value="${h(v.echeance ?? '')}" aria-describedby="echeance-aide">
<label for="rappels">${t.reminders}</label>
<p class="aide" id="rappels-aide">${t.remindersHint}</p>
<input type="text" id="rappels" name="rappels" value="${h(v.rappels ?? '7j, 2j, matin')}" aria-describedby="rappels-aide">
<fieldset class="cases"><legend>${t.options}</legend>
<label><input type="checkbox" name="silence" value="1"${v.silence ? ' checked' : ''}> <span>${t.silence}</span></label>
</fieldset>
<fieldset class="cases"><legend>${t.results}</legend>
<label><input type="radio" name="resultats" value="apres"${v.resultats !== 'pendant' ? ' checked' : ''}> <span>${t.resultsAfter}</span></label>
<label><input type="radio" name="resultats" value="pendant"${v.resultats === 'pendant' ? ' checked' : ''}> <span>${t.resultsDuring}</span></label>
</fieldset>
<div><button type="submit" name="action" value="lancer">${t.launch}</button><button type="submit" name="action" value="preparer" class="secondaire">${t.prepare}</button></div>
</form>`
      : `<p>${t.nothing}</p>`;
  return page(
    { ...layout, title: t.title },
    `<p><a href="/console">${w.layout.allRounds}</a></p>
<h1>${t.title}</h1>
${body}`,
  );
}

export function renderAgrements(
  layout: Layout,
  a: Awaited<ReturnType<typeof consoleAgrements>>,
): string {
  const w = wordsOf(layout);
  const t = w.agrements;
  const locale = w.lang;
  const date = (d: Date) =>
    DateTime.fromJSDate(d, { zone: 'UTC' }).setLocale(locale).toFormat(w.date);
  const table = a.rows.length
    ? `<table><caption>${t.caption(a.months, a.rows.length)}</caption>
<thead><tr><th scope="col">${t.structure}</th><th scope="col">${t.agrement}</th><th scope="col">${t.end}</th><th scope="col">${t.state}</th><th scope="col">${t.nextReminder}</th><th scope="col">${t.evaluation}</th></tr></thead>
<tbody>${a.rows
        .map((r) => {
          const e = a.evaluations.get(r.id);
          const evaluation = e
            ? `<a href="/console/consultations/${e.roundNumber}">${h(agrementEvaluationText(e, locale))}</a>`
            : '—';
          return `<tr><th scope="row">${h(r.organisation.name)} (${h(r.organisation.code)})</th><td>${h(AGREMENT_KIND_LABELS[r.kind][locale])}</td><td>${h(date(r.endDate))}</td><td>${h(AGREMENT_STATUS_LABELS[r.status][locale])}</td><td>${r.reminders[0] ? h(date(r.reminders[0].dueAt)) : '—'}</td><td>${evaluation}</td></tr>`;
        })
        .join('\n')}</tbody></table>`
    : `<p>${t.none(a.months)}</p>`;
  return page({ ...layout, title: t.title }, `<h1>${t.title}</h1>\n${table}`);
}

/** The values of one follow-up form sent back after a refusal. */
export interface FollowupFormState {
  avisId: string;
  reponse: string;
  justification: string;
  enjeuSuivant: string;
  message: string;
}

/**
 * « Suites données aux avis » of one round: per réserve, défavorable or comment, the avis and a
 * form for the Caf's response (radios), its justification and the enjeu of a later version
 * that carries it. Each form posts on its own (no JavaScript); a refusal comes back next to it.
 */
export function renderFollowups(
  layout: Layout & { pilot: NonNullable<Layout['pilot']> },
  f: RoundFollowups,
  state: { message?: string; error?: FollowupFormState } = {},
): string {
  const r = f.round;
  const w = wordsOf(layout);
  const t = w.followups;
  const locale = w.lang;
  const base = `/console/consultations/${r.number}`;
  const csrf = `<input type="hidden" name="jeton" value="${h(layout.pilot.csrf)}">`;
  const fmt = (d: Date) =>
    DateTime.fromJSDate(d).setZone(r.timezone).setLocale(locale).toFormat(w.dateTime);
  // Not closed yet: the refusal the chat channels and the CLI give (FOLLOWUP_ROUND_NOT_CLOSED).
  const notClosed = () =>
    errorText(
      new DomainError('FOLLOWUP_ROUND_NOT_CLOSED', { number: r.number, status: r.status }),
      locale,
    );
  const intro = !f.closed
    ? `<p class="erreur" role="alert">${h(notClosed())}</p>`
    : f.items.length === 0
      ? `<p>${t.none}</p>`
      : `<p>${f.pending === 0 ? t.allDone : t.pending(f.pending, f.items.length)} ${t.intro}</p>`;
  const items = f.items
    .map((i) => {
      const id = `suivi-${i.avisId}`;
      const e = state.error?.avisId === i.avisId ? state.error : undefined;
      const reponse = e ? e.reponse : (i.followup?.response ?? '');
      const justification = e ? e.justification : (i.followup?.justification ?? '');
      const suivant = e ? e.enjeuSuivant : (i.followup?.nextEnjeu?.id ?? '');
      const recorded = i.followup
        ? `<p class="qui">${t.recorded(`<strong>${h(FOLLOWUP_LABELS[i.followup.response][locale])}</strong>`, h(i.followup.recordedBy), h(fmt(i.followup.recordedAt)))}</p>`
        : `<p class="qui">${t.todo(`<strong>${t.todoWord}</strong>`)}</p>`;
      const form = f.closed
        ? `<form method="post" action="${base}/suivi" novalidate>${csrf}
<input type="hidden" name="organisation" value="${h(i.organisation.code)}"><input type="hidden" name="enjeu" value="${i.enjeu.position}"><input type="hidden" name="avis" value="${h(i.avisId)}">
${alert(id, e?.message)}
<fieldset><legend>${t.response}</legend><div class="choix">${FOLLOWUP_RESPONSES.map(
            (c) =>
              `<label><input type="radio" name="reponse" value="${c}"${reponse === c ? ' checked' : ''}> <span>${h(FOLLOWUP_LABELS[c][locale])}</span></label>`,
          ).join('')}</div></fieldset>
<label for="${id}-justification">${t.justification}</label>
<p class="aide" id="${id}-aide">${t.justificationHint(MAX_JUSTIFICATION_LENGTH)}</p>
<textarea id="${id}-justification" name="justification" maxlength="${MAX_JUSTIFICATION_LENGTH}" aria-describedby="${id}-aide${e ? ` erreur-${id}` : ''}"${e ? ' aria-invalid="true"' : ''}>${h(justification)}</textarea>
${
  f.laterEnjeux.length > 0
    ? `<label for="${id}-suivant">${t.next}</label>
<select id="${id}-suivant" name="enjeuSuivant"><option value="">${t.noNext}</option>${f.laterEnjeux
        .map(
          (n) =>
            `<option value="${h(n.id)}"${suivant === n.id ? ' selected' : ''}>${t.nextOption(n.version, n.position, h(n.title))}</option>`,
        )
        .join('')}</select>`
    : ''
}
<div><button type="submit">${t.submit}</button></div></form>`
        : '';
      return `<section class="action" id="${id}" aria-labelledby="${id}-titre"><h3 id="${id}-titre">${w.enjeu(i.enjeu.position, h(i.enjeu.title))} — ${h(i.organisation.name)} (${h(i.organisation.code)})</h3>
<p><span class="avis">${h(AVIS_LABELS[i.choice][locale])}</span> <span class="canal ${channelMark(w, i.channel).cls}">${h(channelMark(w, i.channel).label)}</span></p>
${i.comment ? `<blockquote>${h(i.comment)}</blockquote>` : ''}
${recorded}
${i.followup?.nextEnjeu ? `<p class="qui">${t.carried(i.followup.nextEnjeu.version, i.followup.nextEnjeu.position, h(i.followup.nextEnjeu.title))}</p>` : ''}
${form}</section>`;
    })
    .join('\n');
  return page(
    { ...layout, title: t.title(r.number) },
    `<p><a href="${base}">${t.back(r.number)}</a></p>
<h1>${t.heading(r.number, h(r.draftTitle), r.version)}</h1>
${status(state.message)}
${state.error && (!f.closed || !f.items.some((i) => i.avisId === state.error!.avisId)) ? alert('suivi', state.error.message) : ''}
${intro}
<h2>${t.items}</h2>
${items}`,
  );
}
