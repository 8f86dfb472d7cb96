import { AVIS_CHANNEL_LABELS } from '../domain/avis';
import type { AvisChannel } from '../domain/types';
import { DateTime } from 'luxon';
import {
  AGREMENT_KIND_LABELS,
  AGREMENT_STATUS_LABELS,
  agrementEvaluationText,
} from '../domain/agrement-messages';
import { AVIS_LABELS, CHOICES_REQUIRING_REASON } from '../domain/avis';
import { ROUND_STATUS_LABELS } from '../domain/round';
import { AVIS_CHOICES, MAX_COMMENT_LENGTH, type RoundStatus } from '../domain/types';
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
 * The pilots' console pages: server-rendered French HTML that works without JavaScript (RGAA
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
  /** The signed-in pilot; absent on the sign-in pages. */
  pilot?: { displayName: string; tenantName: string; csrf: string };
}

export function page(l: Layout, body: string): string {
  const header = l.pilot
    ? `<header class="console"><p><strong>Concerto</strong> — console des pilotes, ${h(l.pilot.tenantName)} (${h(l.pilot.displayName)})</p>
<nav aria-label="Console"><ul><li><a href="/console">Consultations</a></li><li><a href="/console/agrements">Agréments à renouveler</a></li><li><a href="/console/grilles">Grilles d’évaluation</a></li></ul></nav>
<form method="post" action="/console/deconnexion"><input type="hidden" name="jeton" value="${h(l.pilot.csrf)}"><button type="submit">Se déconnecter</button></form></header>`
    : `<header class="console"><p><strong>Concerto</strong> — console des pilotes</p></header>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${h(l.title)} — Console des pilotes — Concerto</title>
<style>${STYLE}</style>
</head><body><a class="lien-evitement" href="#contenu">Aller au contenu</a>
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
  const oidc = o.oidc
    ? `<section aria-labelledby="titre-oidc"><h2 id="titre-oidc">Avec votre compte de ${h(o.oidc.tenantName)}</h2>
<p><a class="bouton" href="/console/connexion/oidc?caf=${encodeURIComponent(o.oidc.caf)}">Se connecter avec ${h(o.oidc.label)}</a></p></section>
<h2>Ou par un lien reçu par courriel</h2>`
    : '';
  return page(
    { title: 'Connexion' },
    `<h1>Connexion à la console des pilotes</h1>
${o.loggedOut ? status('Vous êtes déconnecté.') : ''}
${o.sent ? status("Si cette adresse est celle d'un pilote de la Caf, un lien de connexion vient de lui être envoyé par courriel. Il est valable 15 minutes et ne sert qu'une fois.") : ''}
${oidc}<p>La console permet aux pilotes de la Caf de suivre et de conduire les consultations sur le schéma directeur. Indiquez votre adresse électronique : vous recevrez un lien de connexion.</p>
<form method="post" action="/console/connexion" novalidate>
<input type="hidden" name="jeton" value="${h(o.csrf)}">
<label for="email">Adresse électronique</label>
<p class="aide" id="email-aide">Celle que la Caf a enregistrée pour vous, par exemple prenom.nom@caf94.fr.</p>
${alert('connexion', o.error)}
<input type="email" id="email" name="email" autocomplete="email" required aria-describedby="email-aide${o.error ? ' erreur-connexion' : ''}"${o.error ? ' aria-invalid="true"' : ''}>
<div><button type="submit">Recevoir un lien de connexion</button></div>
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
  return page(
    { title: 'Connexion' },
    `<h1>Connexion à la console des pilotes</h1>
${
  o.error
    ? `${alert('lien', o.error)}<p><a href="/console/connexion">Demander un nouveau lien de connexion</a></p>`
    : `<p>Vous allez vous connecter en tant que <strong>${h(o.pilotName ?? '')}</strong>, pilote de ${h(o.tenantName ?? '')}.</p>
<form method="post" action="${h(o.action)}"><input type="hidden" name="jeton" value="${h(o.csrf)}"><button type="submit">Se connecter</button></form>`
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
    `<h1>${h(title)}</h1>\n<p class="erreur" role="alert">${h(message)}</p>\n<p><a href="${h(back)}">Revenir à la console</a></p>`,
  );
}

const STATUS_LABEL = (s: RoundStatus) => ROUND_STATUS_LABELS[s];

export function participation(complete: number, invited: number): string {
  return `${complete} organisation${complete > 1 ? 's' : ''} sur ${invited} ${complete > 1 ? 'ont' : 'a'} répondu`;
}

/** « une réponse par organisation », « une réponse par personne, anonyme » */
export function surveyModeText(r: { answerMode: 'organisation' | 'person'; anonymous: boolean }) {
  return r.answerMode === 'organisation'
    ? 'une réponse par organisation'
    : `une réponse par personne${r.anonymous ? ', anonyme' : ''}`;
}

/** « 2 terminées sur 5 organisations, 3 commencées » or « 4 terminées, 6 commencées ». */
export function surveyParticipationText(p: {
  invited: number | null;
  started: number;
  finished: number;
}) {
  const finished = `${p.finished} ${p.finished > 1 ? 'terminées' : 'terminée'}`;
  const started = `${p.started} ${p.started > 1 ? 'commencées' : 'commencée'}`;
  return p.invited === null
    ? `${finished}, ${started}`
    : `${finished} sur ${p.invited} ${p.invited > 1 ? 'organisations' : 'organisation'}, ${started}`;
}

export function renderRounds(layout: Layout, rows: ConsoleRoundRow[], message?: string): string {
  const table = rows.length
    ? `<table><caption>Consultations de la Caf, de la plus récente à la plus ancienne</caption>
<thead><tr><th scope="col">Consultation</th><th scope="col">Projet ou grille</th><th scope="col">État</th><th scope="col">Date limite</th><th scope="col">Participation</th></tr></thead>
<tbody>${rows
        .map((r) =>
          r.kind === 'survey'
            ? `<tr><th scope="row"><a href="/console/consultations/${r.number}">Évaluation n° ${r.number}</a></th><td>${h(r.gridTitle)} (${h(surveyModeText(r))})</td><td>${h(STATUS_LABEL(r.status))}</td><td>${h(r.deadline)}</td><td>${h(surveyParticipationText(r.participation))}</td></tr>`
            : `<tr><th scope="row"><a href="/console/consultations/${r.number}">Consultation n° ${r.number}</a></th><td>${h(r.draftTitle)} (version ${r.version})</td><td>${h(STATUS_LABEL(r.status))}</td><td>${h(r.deadline)}</td><td>${participation(r.complete, r.invited)} à tous les enjeux</td></tr>`,
        )
        .join('\n')}</tbody></table>`
    : '<p>Aucune consultation pour l’instant.</p>';
  return page(
    layout,
    `<h1>Consultations</h1>
${status(message)}
<p><a href="/console/consultations/nouvelle">Préparer une nouvelle consultation</a></p>
${table}`,
  );
}

/** The avis channel's words, and a mark for those the organisation did not type itself. */
const channelMark = (channel: string) => ({
  label: AVIS_CHANNEL_LABELS[channel as AvisChannel] ?? channel,
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
  const csrf = `<input type="hidden" name="jeton" value="${h(layout.pilot.csrf)}">`;
  const base = `/console/consultations/${r.number}`;
  const tz = r.tenant.timezone;
  const err = (form: string) => (state.error?.form === form ? state.error.message : undefined);
  const fmt = (d: Date) =>
    DateTime.fromJSDate(d).setZone(tz).setLocale('fr').toFormat("d LLL yyyy 'à' HH'h'mm");

  const head = `<th scope="col">Organisation</th>${v.enjeux
    .map((e) => `<th scope="col">Enjeu ${e.position} : ${h(e.title)}</th>`)
    .join('')}`;
  const rows = v.organisations
    .map((o) => {
      const cells = v.enjeux
        .map((e) => {
          const c = v.cell(o.id, e.id);
          if (!c) return '<td><span class="sans">sans réponse</span></td>';
          const mark = channelMark(c.channel);
          return `<td><span class="avis">${h(AVIS_LABELS[c.choice].fr)}</span> <span class="canal ${mark.cls}">${h(mark.label)}</span>${
            c.comment ? `<p>${h(c.comment)}</p>` : ''
          }<span class="qui">${c.by ? `${h(c.by)}, ` : ''}le ${h(fmt(c.castAt))}</span></td>`;
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
      ? `<section aria-labelledby="t-graphiques"><h2 id="t-graphiques">Résultats par enjeu</h2>
<div class="graphiques">${v.tally.enjeux
          .map((e) => {
            const c = enjeuChart(
              { position: e.position, title: e.title, counts: chartCountsOfTally(e) },
              'fr',
              { id: `graphique-${e.position}` },
            );
            return `<figure id="graphique-${e.position}"><h3>Enjeu ${h(c.subject)}</h3>${c.svg}<figcaption>${h(c.alt)}</figcaption></figure>`;
          })
          .join('\n')}</div></section>`
      : '';
  if (r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-lancer"><h2 id="t-lancer">Lancer</h2>
<p>Les invitations partent vers chaque organisation invitée ; les rappels et la clôture sont programmés.</p>
${alert('lancer', err('lancer'))}
<form method="post" action="${base}/lancer">${csrf}<button type="submit">Lancer la consultation</button></form></section>`);
  if (r.status === 'open')
    sections.push(`<section class="action" aria-labelledby="t-relancer"><h2 id="t-relancer">Relancer</h2>
<p>Un rappel part maintenant vers les organisations qui n'ont pas répondu à tous les enjeux, dans le fil de leur invitation.</p>
${alert('relancer', err('relancer'))}
<form method="post" action="${base}/relancer">${csrf}<button type="submit">Relancer les organisations sans réponse</button></form></section>`);
  if (r.status === 'draft' || r.status === 'open')
    sections.push(`<section class="action" aria-labelledby="t-echeance"><h2 id="t-echeance">Changer la date limite</h2>
<form method="post" action="${base}/echeance" novalidate>${csrf}
<label for="nouvelle-echeance">Nouvelle date limite</label>
<p class="aide" id="nouvelle-echeance-aide">Heure de la Caf (${h(tz)}). Rappels et clôture sont reprogrammés ; les organisations invitées sont prévenues.</p>
${alert('echeance', err('echeance'))}
<input type="datetime-local" id="nouvelle-echeance" name="echeance" value="${h(state.echeance ?? localInput(r.deadline, tz))}" aria-describedby="nouvelle-echeance-aide${err('echeance') ? ' erreur-echeance' : ''}"${err('echeance') ? ' aria-invalid="true"' : ''}>
<div><button type="submit">Changer la date limite</button></div></form></section>`);
  if (r.status === 'open') {
    const a = state.avis;
    sections.push(`<section class="action" aria-labelledby="t-avis"><h2 id="t-avis">Enregistrer un avis reçu par courrier</h2>
<p>Pour une organisation qui a répondu par courrier ou par mail : l'avis est enregistré pour son compte, marqué « saisi par la Caf » dans le tableau et les exports.</p>
${alert('avis', err('avis'))}
<form method="post" action="${base}/avis" novalidate>${csrf}
<label for="avis-organisation">Organisation</label>
<select id="avis-organisation" name="organisation">${v.organisations
      .map(
        (o) =>
          `<option value="${h(o.code)}"${a?.organisation === o.code ? ' selected' : ''}>${h(o.name)} (${h(o.code)})</option>`,
      )
      .join('')}</select>
<label for="avis-enjeu">Enjeu</label>
<select id="avis-enjeu" name="enjeu"><option value="tous"${a?.enjeu === 'tous' ? ' selected' : ''}>Tous les enjeux</option>${v.enjeux
      .map(
        (e) =>
          `<option value="${e.position}"${a?.enjeu === String(e.position) ? ' selected' : ''}>Enjeu ${e.position} : ${h(e.title)}</option>`,
      )
      .join('')}</select>
<fieldset><legend>Avis</legend><div class="choix">${AVIS_CHOICES.map(
      (c) =>
        `<label><input type="radio" name="avis" value="${c}"${a?.avis === c ? ' checked' : ''}> <span>${h(AVIS_LABELS[c].fr)}${CHOICES_REQUIRING_REASON.includes(c) ? ' (à motiver)' : ''}</span></label>`,
    ).join('')}</div></fieldset>
<label for="avis-commentaire">Commentaire</label>
<p class="aide" id="avis-commentaire-aide">Obligatoire pour un avis défavorable ou avec réserves ; ${MAX_COMMENT_LENGTH} caractères au plus.</p>
<textarea id="avis-commentaire" name="commentaire" maxlength="${MAX_COMMENT_LENGTH}" aria-describedby="avis-commentaire-aide">${h(a?.commentaire ?? '')}</textarea>
<label for="avis-source">Reçu par (courrier, mail…)</label>
<p class="aide" id="avis-source-aide">Par exemple « courrier du 3 décembre » : gardé avec l'avis et dans les exports.</p>
<input type="text" id="avis-source" name="source" maxlength="200" value="${h(a?.source ?? '')}" aria-describedby="avis-source-aide">
<div><button type="submit">Enregistrer l'avis</button></div></form></section>`);
  }
  if (r.status === 'open' || r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-clore"><h2 id="t-clore">Clore ou annuler</h2>
${r.status === 'open' ? `<p>Clore maintenant : les résultats partent vers les organisations invitées et les pilotes${r.silenceMeansFavorable ? ' ; les organisations sans réponse sont réputées favorables' : ''}.</p>${alert('clore', err('clore'))}<form method="post" action="${base}/clore">${csrf}<button type="submit">Clore la consultation maintenant</button></form>` : ''}
<p>Annuler : la consultation s'arrête sans résultats${r.status === 'open' ? ' ; les organisations invitées sont prévenues' : ''}.</p>
${alert('annuler', err('annuler'))}
<form method="post" action="${base}/annuler">${csrf}<button type="submit" class="danger">Annuler la consultation</button></form></section>`);
  if (r.status === 'closed')
    sections.push(`<section class="action" aria-labelledby="t-suivi"><h2 id="t-suivi">Suites données aux avis</h2>
<p>Pour chaque réserve, avis défavorable ou commentaire : ce que la Caf en a fait, et pourquoi (tableau de prise en compte des avis).</p>
<p><a href="${base}/suivi">Enregistrer les suites données aux avis</a></p></section>`);
  sections.push(`<section class="action" aria-labelledby="t-exports"><h2 id="t-exports">Exports</h2><ul>
<li><a href="${base}/export.xlsx" download>Télécharger le classeur des résultats (Excel, XLSX)</a></li>
<li><a href="${base}/export.pdf" download>Télécharger la synthèse (PDF)</a></li>
<li><a href="${base}/export.csv" download>Télécharger le tableau des avis (CSV pour Excel)</a></li>
<li><a href="${base}/synthese.md" download>Télécharger la synthèse par enjeu (Markdown)</a></li></ul></section>`);

  return page(
    { ...layout, title: `Consultation n° ${r.number}` },
    `<p><a href="/console">Toutes les consultations</a></p>
<h1>Consultation n° ${r.number} : ${h(r.draftVersion.title)} (version ${r.draftVersion.version})</h1>
${status(state.message)}
<dl class="etat"><dt>État</dt><dd id="etat">${h(STATUS_LABEL(r.status))}</dd>
<dt>Date limite</dt><dd>${h(v.deadline)}</dd>
<dt>Participation</dt><dd>${participation(v.tally.complete, v.tally.invited)} à tous les enjeux</dd>
<dt>Sans réponse</dt><dd>${r.silenceMeansFavorable ? 'vaut avis favorable à la clôture' : 'ne vaut pas avis'}</dd>
<dt>Résultats</dt><dd>${r.resultsVisibility === 'during' ? 'visibles des partenaires pendant la consultation' : 'communiqués aux partenaires à la clôture'}</dd></dl>
<h2>Avis par organisation et par enjeu</h2>
<div class="matrice-conteneur"><table id="matrice"><caption>Avis des ${v.organisations.length} organisations invitées sur les ${v.enjeux.length} enjeux : chaque avis avec son commentaire, qui l'a donné, quand et par quel canal</caption>
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
  const v = o.values ?? {};
  const types = new Set(v.types ?? []);
  const orgs = new Set(v.orgs ?? []);
  const evaluation = v.sorte === 'evaluation' || choices.versions.length === 0;
  // An evaluation on one of the Caf's grids, when it has any (issue [11]): the kind first.
  const surveyPart = choices.grids.length
    ? `<fieldset class="choix"><legend>Sorte</legend>
${
  choices.versions.length
    ? `<label><input type="radio" name="sorte" value="consultation"${evaluation ? '' : ' checked'}> <span>Consultation sur un projet : un avis par enjeu</span></label>`
    : ''
}
<label><input type="radio" name="sorte" value="evaluation"${evaluation ? ' checked' : ''}> <span>Évaluation sur une grille : des contributions case par case</span></label>
</fieldset>`
    : '';
  const gridPart = choices.grids.length
    ? `<fieldset><legend>Pour une évaluation sur une grille</legend>
<label for="grille">Grille d’évaluation</label>
<select id="grille" name="grille">${choices.grids
        .map(
          (g) =>
            `<option value="${h(g.code)}"${v.grille === g.code ? ' selected' : ''}>${h(g.label)}</option>`,
        )
        .join('')}</select>
<fieldset class="choix"><legend>Qui répond</legend>
<label><input type="radio" name="par" value="organisation"${v.par !== 'personne' ? ' checked' : ''}> <span>Une réponse par organisation invitée</span></label>
<label><input type="radio" name="par" value="personne"${v.par === 'personne' ? ' checked' : ''}> <span>Une réponse par personne (une journée, avec un code par participant)</span></label>
</fieldset>
<label class="case"><input type="checkbox" name="anonyme" value="1"${v.anonyme ? ' checked' : ''}> <span>Anonyme : aucun nom demandé ni gardé (une réponse par personne seulement)</span></label>
</fieldset>`
    : '';
  const versionPart = choices.versions.length
    ? `<label for="version">Version du projet</label>
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
<fieldset class="cases"><legend>Organisations invitées par type</legend>
<p class="aide">Toutes les organisations d'un type ; ajoutez-en d'autres une par une ci-dessous.</p>
${choices.kinds
  .map(
    (k) =>
      `<label><input type="checkbox" name="types" value="${h(k.kind)}"${types.has(k.kind) ? ' checked' : ''}> <span>${h(k.heading)}</span></label>`,
  )
  .join('\n')}
</fieldset>
<fieldset class="cases"><legend>Organisations invitées une par une</legend>
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
<label for="echeance">Date limite</label>
<p class="aide" id="echeance-aide">Heure de la Caf (${h(o.timezone)}).</p>
<input type="datetime-local" id="echeance" name="echeance" value="${h(v.echeance ?? '')}" aria-describedby="echeance-aide">
<label for="rappels">Rappels</label>
<p class="aide" id="rappels-aide">Avant la date limite, par exemple « 7j, 2j, matin » (7 jours, 2 jours, le matin même), ou « aucun ».</p>
<input type="text" id="rappels" name="rappels" value="${h(v.rappels ?? '7j, 2j, matin')}" aria-describedby="rappels-aide">
<fieldset class="cases"><legend>Options</legend>
<label><input type="checkbox" name="silence" value="1"${v.silence ? ' checked' : ''}> <span>L'absence de réponse vaut avis favorable (consultation)</span></label>
</fieldset>
<fieldset class="cases"><legend>Résultats visibles des partenaires</legend>
<label><input type="radio" name="resultats" value="apres"${v.resultats !== 'pendant' ? ' checked' : ''}> <span>à la clôture</span></label>
<label><input type="radio" name="resultats" value="pendant"${v.resultats === 'pendant' ? ' checked' : ''}> <span>pendant la consultation</span></label>
</fieldset>
<div><button type="submit" name="action" value="lancer">Préparer et lancer</button><button type="submit" name="action" value="preparer" class="secondaire">Préparer</button></div>
</form>`
      : '<p>Aucune version du projet ni grille d’évaluation n’est importée : importez-les avec « concerto draft import » ou « concerto grid import ».</p>';
  return page(
    { ...layout, title: 'Nouvelle consultation' },
    `<p><a href="/console">Toutes les consultations</a></p>
<h1>Nouvelle consultation</h1>
${body}`,
  );
}

export function renderAgrements(
  layout: Layout,
  a: Awaited<ReturnType<typeof consoleAgrements>>,
): string {
  const date = (d: Date) =>
    DateTime.fromJSDate(d, { zone: 'UTC' }).setLocale('fr').toFormat('d LLLL yyyy');
  const table = a.rows.length
    ? `<table><caption>Agréments en cours qui se terminent d'ici ${a.months} mois, du plus proche au plus lointain (${a.rows.length})</caption>
<thead><tr><th scope="col">Structure</th><th scope="col">Agrément</th><th scope="col">Fin</th><th scope="col">État</th><th scope="col">Prochain rappel</th><th scope="col">Évaluation</th></tr></thead>
<tbody>${a.rows
        .map((r) => {
          const e = a.evaluations.get(r.id);
          const evaluation = e
            ? `<a href="/console/consultations/${e.roundNumber}">${h(agrementEvaluationText(e, 'fr'))}</a>`
            : '—';
          return `<tr><th scope="row">${h(r.organisation.name)} (${h(r.organisation.code)})</th><td>${h(AGREMENT_KIND_LABELS[r.kind].fr)}</td><td>${h(date(r.endDate))}</td><td>${h(AGREMENT_STATUS_LABELS[r.status].fr)}</td><td>${r.reminders[0] ? h(date(r.reminders[0].dueAt)) : '—'}</td><td>${evaluation}</td></tr>`;
        })
        .join('\n')}</tbody></table>`
    : `<p>Aucun agrément n'arrive à échéance d'ici ${a.months} mois.</p>`;
  return page(
    { ...layout, title: 'Agréments à renouveler' },
    `<h1>Agréments à renouveler</h1>\n${table}`,
  );
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
  const base = `/console/consultations/${r.number}`;
  const csrf = `<input type="hidden" name="jeton" value="${h(layout.pilot.csrf)}">`;
  const fmt = (d: Date) =>
    DateTime.fromJSDate(d).setZone(r.timezone).setLocale('fr').toFormat("d LLL yyyy 'à' HH'h'mm");
  const intro = !f.closed
    ? `<p class="erreur" role="alert">La consultation est ${h(STATUS_LABEL(r.status))} : les suites données aux avis s'enregistrent une fois la consultation close.</p>`
    : f.items.length === 0
      ? '<p>Aucun avis favorable avec réserves, défavorable ou commenté : aucune suite à donner.</p>'
      : `<p>${f.pending === 0 ? 'Toutes les suites sont enregistrées.' : `${f.pending} avis sur ${f.items.length} sans suite enregistrée.`} Pour chaque réserve, avis défavorable ou commentaire, indiquez ce que la Caf en a fait et pourquoi ; les organisations le verront à côté des changements quand la version suivante leur sera soumise.</p>`;
  const items = f.items
    .map((i) => {
      const id = `suivi-${i.avisId}`;
      const e = state.error?.avisId === i.avisId ? state.error : undefined;
      const reponse = e ? e.reponse : (i.followup?.response ?? '');
      const justification = e ? e.justification : (i.followup?.justification ?? '');
      const suivant = e ? e.enjeuSuivant : (i.followup?.nextEnjeu?.id ?? '');
      const recorded = i.followup
        ? `<p class="qui">Suite enregistrée : <strong>${h(FOLLOWUP_LABELS[i.followup.response].fr)}</strong>, par ${h(i.followup.recordedBy)}, le ${h(fmt(i.followup.recordedAt))}.</p>`
        : '<p class="qui">Suite : <strong>à faire</strong>.</p>';
      const form = f.closed
        ? `<form method="post" action="${base}/suivi" novalidate>${csrf}
<input type="hidden" name="organisation" value="${h(i.organisation.code)}"><input type="hidden" name="enjeu" value="${i.enjeu.position}"><input type="hidden" name="avis" value="${h(i.avisId)}">
${alert(id, e?.message)}
<fieldset><legend>Réponse de la Caf</legend><div class="choix">${FOLLOWUP_RESPONSES.map(
            (c) =>
              `<label><input type="radio" name="reponse" value="${c}"${reponse === c ? ' checked' : ''}> <span>${h(FOLLOWUP_LABELS[c].fr)}</span></label>`,
          ).join('')}</div></fieldset>
<label for="${id}-justification">Justification</label>
<p class="aide" id="${id}-aide">Obligatoire ; ${MAX_JUSTIFICATION_LENGTH} caractères au plus.</p>
<textarea id="${id}-justification" name="justification" maxlength="${MAX_JUSTIFICATION_LENGTH}" aria-describedby="${id}-aide${e ? ` erreur-${id}` : ''}"${e ? ' aria-invalid="true"' : ''}>${h(justification)}</textarea>
${
  f.laterEnjeux.length > 0
    ? `<label for="${id}-suivant">Enjeu de la version suivante qui y répond (facultatif)</label>
<select id="${id}-suivant" name="enjeuSuivant"><option value="">Aucun</option>${f.laterEnjeux
        .map(
          (n) =>
            `<option value="${h(n.id)}"${suivant === n.id ? ' selected' : ''}>Version ${n.version}, enjeu ${n.position} : ${h(n.title)}</option>`,
        )
        .join('')}</select>`
    : ''
}
<div><button type="submit">Enregistrer la suite</button></div></form>`
        : '';
      return `<section class="action" id="${id}" aria-labelledby="${id}-titre"><h3 id="${id}-titre">Enjeu ${i.enjeu.position} : ${h(i.enjeu.title)} — ${h(i.organisation.name)} (${h(i.organisation.code)})</h3>
<p><span class="avis">${h(AVIS_LABELS[i.choice].fr)}</span> <span class="canal ${channelMark(i.channel).cls}">${h(channelMark(i.channel).label)}</span></p>
${i.comment ? `<blockquote>${h(i.comment)}</blockquote>` : ''}
${recorded}
${i.followup?.nextEnjeu ? `<p class="qui">Repris dans la version ${i.followup.nextEnjeu.version}, enjeu ${i.followup.nextEnjeu.position} : ${h(i.followup.nextEnjeu.title)}.</p>` : ''}
${form}</section>`;
    })
    .join('\n');
  return page(
    { ...layout, title: `Suites données aux avis — consultation n° ${r.number}` },
    `<p><a href="${base}">Revenir à la consultation n° ${r.number}</a></p>
<h1>Suites données aux avis — consultation n° ${r.number} : ${h(r.draftTitle)} (version ${r.version})</h1>
${status(state.message)}
${state.error && (!f.closed || !f.items.some((i) => i.avisId === state.error!.avisId)) ? alert('suivi', state.error.message) : ''}
${intro}
<h2>Avis qui appellent une suite</h2>
${items}`,
  );
}
