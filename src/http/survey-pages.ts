import { chatWords } from '../domain/chat-words';
import type { GridFormView } from '../domain/grid-answer';
import { MAX_PARTICIPANT_NAME } from '../domain/survey';
import type { Locale } from '../domain/types';
import { webWords } from '../domain/web-words';
import { BALLOT_STYLE } from './ballot-page';
import { GRID_STYLE, renderGridForm } from './grid-page';
import { escapeHtml as h } from './html';

/**
 * The survey's public pages (issue [11] items 2–3), in the reader's language (the catalogue's
 * WEB_FR / WEB_EN; French unless the page knows better) like the web ballot: the event's
 * page where a participant types their code, and the grid a participant or an organisation's
 * contact fills in. Plain HTML that works without JavaScript, on a phone and at 200 % zoom; the
 * event page's one script only copies a code given in the link's fragment (#code=…) into its
 * field, so a code never travels in a query string.
 */
const SURVEY_STYLE = `
.boutons{display:flex;flex-wrap:wrap;gap:1rem;margin:1.5rem 0}
.boutons button.secondaire{background:#fff;color:#000091;border:2px solid #000091}
input[type=text]{font:inherit;padding:.5rem;border:1px solid #3a3a3a;border-radius:.2rem;width:100%;max-width:20rem}
input.code{font-family:ui-monospace,monospace;font-size:1.4rem;letter-spacing:.15em;text-transform:uppercase}
.champ{margin:1rem 0}
.champ label{display:block;font-weight:bold}
div.erreur{border:3px solid #ce0500;padding:1rem;margin:1rem 0}
div.erreur h2{color:#ce0500}
main.large{max-width:90rem}
table.grille .echelons input{width:1.4rem;height:1.4rem;margin:0 .2rem 0 0}
table.grille .echelons label{padding:.3rem .2rem}
`;

function page(
  title: string,
  body: string,
  o: { wide?: boolean; script?: string; locale: Locale },
): string {
  return `<!doctype html>
<html lang="${webWords(o.locale).lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${h(title)} — Concerto</title>
<style>${BALLOT_STYLE}${GRID_STYLE}${SURVEY_STYLE}</style>
${o.script ? `<script src="${h(o.script)}" defer></script>` : ''}
</head><body><main${o.wide ? ' class="large"' : ''}>
${body}
</main></body></html>`;
}

export interface EventPageInfo {
  number: number;
  gridTitle: string;
  tenantName: string;
  deadline: string;
  anonymous: boolean;
}

/** The event's page: what it is, and the form asking for the participant's code (and name). */
export function renderEventPage(
  e: EventPageInfo,
  o: {
    action: string;
    formToken: string;
    script: string;
    error?: string;
    values?: { code: string; name: string };
    locale?: Locale;
  },
): string {
  const locale = o.locale ?? 'fr';
  const w = webWords(locale);
  const t = w.survey;
  const err = o.error;
  const name = e.anonymous
    ? `<p>${t.anonymous(`<strong>${t.anonymousWord}</strong>`)}</p>`
    : `<div class="champ"><label for="nom">${t.nameLabel}</label>
<p class="aide" id="nom-aide">${t.nameHint(MAX_PARTICIPANT_NAME)}</p>
<input type="text" id="nom" name="nom" maxlength="${MAX_PARTICIPANT_NAME}" autocomplete="name" aria-describedby="nom-aide" value="${h(o.values?.name ?? '')}"></div>`;
  return page(
    e.gridTitle,
    `<h1>${h(e.gridTitle)}</h1>
<p class="meta">${t.meta(e.number, h(e.tenantName))} ${w.labelled(chatWords(locale).deadline, `<strong>${h(e.deadline)}</strong>`)}.</p>
${err ? `<div class="erreur" role="alert" id="erreurs"><h2>${t.codeRefused}</h2><p><a href="#code">${h(err)}</a></p></div>` : ''}
<form method="post" action="${h(o.action)}" novalidate>
<input type="hidden" name="jeton" value="${h(o.formToken)}">
<div class="champ"><label for="code">${t.codeLabel}</label>
<p class="aide" id="code-aide">${t.codeHint}</p>
${err ? `<p class="erreur" id="code-err">${h(err)}</p>` : ''}
<input type="text" class="code" id="code" name="code" required maxlength="12" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-aide${err ? ' code-err' : ''}"${err ? ' aria-invalid="true"' : ''} value="${h(o.values?.code ?? '')}"></div>
${name}
<div class="boutons"><button type="submit">${t.open}</button></div>
</form>
<p class="aide">${t.keepPaper}</p>`,
    { script: o.script, locale },
  );
}

/** The grid to fill in, for a participant or for an organisation. */
export function renderSurveyGridPage(o: {
  number: number;
  tenantName: string;
  deadline: string;
  /** « Vous répondez pour … » / « Participant de la table … ». */
  who: string;
  state: 'not_started' | 'draft' | 'finished';
  view: GridFormView;
  action: string;
  formToken: string;
  done?: 'brouillon' | 'termine';
  formExpired?: boolean;
  locale?: Locale;
  /** HTML under the grid's form (a participant's reminder address: survey-participant-email.ts). */
  after?: string;
}): string {
  const locale = o.locale ?? 'fr';
  const w = webWords(locale);
  const t = w.survey;
  const parts: string[] = [
    `<h1>${h(o.view.title)}</h1>`,
    `<p class="meta">${t.meta(o.number, h(o.tenantName))} ${h(o.who)} ${w.labelled(chatWords(locale).deadline, `<strong>${h(o.deadline)}</strong>`)}. ${t.state[o.state]}</p>`,
  ];
  if (o.done === 'termine')
    parts.push(
      `<div class="ok" role="status" tabindex="-1" id="confirmation"><h2>${t.finishedHeading}</h2><p>${t.finishedText(h(o.deadline))}</p></div>`,
    );
  else if (o.done === 'brouillon')
    parts.push(
      `<div class="ok" role="status" tabindex="-1" id="confirmation"><h2>${t.draftHeading}</h2><p>${t.draftText(h(o.deadline))}</p></div>`,
    );
  if (o.formExpired)
    parts.push(
      `<div class="erreur" role="alert" id="erreurs"><h2>${t.formExpiredHeading}</h2><p>${t.formExpiredText}</p></div>`,
    );
  parts.push(
    renderGridForm(o.view, {
      action: o.action,
      hidden: { jeton: o.formToken },
      buttons: `<div class="boutons"><button type="submit" name="action" value="brouillon" class="secondaire">${t.saveDraft}</button><button type="submit" name="action" value="terminer">${t.finish}</button></div>
<p class="aide">${t.finishHint}</p>`,
      locale,
    }),
  );
  if (o.after) parts.push(o.after);
  return page(t.pageTitle(o.number), parts.join('\n'), { wide: true, locale });
}

/** A refusal: what happened and what to do. */
export function renderSurveyRefusal(
  title: string,
  message: string,
  todo: string,
  locale: Locale = 'fr',
): string {
  return page(title, `<h1>${h(title)}</h1>\n<p>${h(message)}</p>\n<p>${h(todo)}</p>`, {
    locale,
  });
}

/** The event page's one script: a code given in the link's fragment fills the code field. */
export const EVENT_SCRIPT = `(function(){var m=/(?:^#|&)code=([A-Za-z0-9-]{8,9})(?:&|$)/.exec(location.hash);if(!m)return;var f=document.getElementById('code');if(f&&!f.value)f.value=m[1].toUpperCase();if(history.replaceState)history.replaceState(null,'',location.pathname);})();`;
