import type { BallotView } from '../app/web-ballot';
import { AVIS_LABELS, isAvisChoice } from '../domain/avis';
import { avisForm } from '../domain/avis-form';
import { chatWords } from '../domain/chat-words';
import { FOLLOWUP_LABELS } from '../domain/followup';
import type { Locale } from '../domain/types';
import { webWords } from '../domain/web-words';
import { escapeHtml as h } from './html';
import { MARKDOWN_STYLE, markdownToHtml } from './markdown';

/**
 * The web ballot's pages: plain server-rendered HTML in the reader's language (the catalogue's
 * words: CHAT_FR / CHAT_EN where the chat channels say the same thing, WEB_FR / WEB_EN for the
 * page's own) that works without JavaScript,
 * on a phone and at 200 % zoom (one column, relative units, large targets), with real
 * headings, one fieldset per enjeu, labels for every control, and errors both summarised at the
 * top (with links to the fields) and written under their field (aria-describedby).
 */
export const BALLOT_STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.55;color:#1b1b1b;background:#fff;margin:0}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;color:#000091}
h2{font-size:1.25rem;margin:0 0 .5rem}
.meta{color:#3a3a3a}
fieldset{border:1px solid #929292;border-radius:.25rem;margin:1.5rem 0;padding:1rem}
legend{padding:0 .25rem}
.texte p{margin:.4rem 0}
.badge{display:inline-block;font-size:.85rem;font-weight:bold;padding:0 .4rem;border-radius:.2rem;background:#fee7fc;color:#6e445a;margin-left:.4rem}
.badge.nouveau{background:#e3e3fd;color:#000091}
.choix{display:flex;flex-direction:column;gap:.35rem;margin:.75rem 0}
.choix label{display:flex;gap:.5rem;align-items:flex-start;padding:.35rem .5rem;border-radius:.2rem;cursor:pointer}
.choix input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}
.choix label:hover{background:#f6f6f6}
textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid #3a3a3a;border-radius:.2rem}
.aide{color:#3a3a3a;font-size:.9rem;margin:.2rem 0}
.erreur{color:#ce0500;font-weight:bold;margin:.3rem 0}
[aria-invalid="true"]{border-color:#ce0500;outline:2px solid #ce0500}
.resume{border:3px solid #ce0500;padding:1rem;margin:1rem 0}
.resume h2{color:#ce0500}
.ok{border:3px solid #18753c;padding:1rem;margin:1rem 0;background:#b8fec9}
.ok h2{color:#18753c}
button{font:inherit;font-weight:bold;background:#000091;color:#fff;border:0;border-radius:.25rem;padding:.75rem 1.5rem;cursor:pointer}
button:focus,input:focus,textarea:focus,a:focus{outline:3px solid #0a76f6;outline-offset:2px}
a{color:#000091}
`;

function page(title: string, body: string, locale: Locale): string {
  return `<!doctype html>
<html lang="${webWords(locale).lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${h(title)} — Concerto</title>
<style>${BALLOT_STYLE}${MARKDOWN_STYLE}</style>
</head><body><main>
${body}
</main></body></html>`;
}

export interface BallotFormState {
  /** What the form shows: the submitted values after an error, else the current avis. */
  values?: Record<string, { choice: string; comment: string }>;
  /** Field errors: `<enjeuId>.choice` / `<enjeuId>.comment`, or `form` for the whole form. */
  errors?: { field: string; message: string }[];
  /** Just saved: how many enjeux. */
  saved?: number;
}

export function renderBallotPage(
  v: BallotView,
  o: { action: string; formToken: string; state?: BallotFormState; locale?: Locale },
): string {
  const locale = o.locale ?? 'fr';
  const w = webWords(locale);
  const t = w.ballot;
  const chat = chatWords(locale);
  const state = o.state ?? {};
  const errors = state.errors ?? [];
  const total = v.enjeux.length;
  const parts: string[] = [];
  parts.push(
    `<h1>${t.heading(v.roundNumber, h(v.draftTitle), v.version)}</h1>`,
    `<p class="meta">${t.answeringFor(`<strong>${h(v.organisation.name)}</strong>`, h(v.contact.name ? `${v.contact.name}, ${v.contact.email}` : v.contact.email))} ${w.labelled(chat.deadline, `<strong>${h(v.deadline)}</strong>`)}. ${t.progress(v.answered, total)}</p>`,
  );
  if (state.saved !== undefined) {
    parts.push(
      `<div class="ok" role="status" tabindex="-1" id="confirmation"><h2>${asTitle(chat.avisRecorded)}</h2><p>${t.savedText(h(v.organisation.name), state.saved)}</p></div>`,
    );
  }
  if (errors.length > 0) {
    parts.push(
      `<div class="resume" role="alert" tabindex="-1" id="erreurs"><h2>${t.errorsHeading(errors.length)}</h2><ul>${errors
        .map(
          (e) =>
            `<li>${e.field === 'form' ? h(e.message) : `<a href="#${fieldId(e.field)}">${h(e.message)}</a>`}</li>`,
        )
        .join('')}</ul><p>${t.nothingSaved}</p></div>`,
    );
  }
  if (v.answeredVersion !== null) {
    const changed = v.enjeux.filter((e) => e.change === 'changed').length;
    const added = v.enjeux.filter((e) => e.change === 'added').length;
    parts.push(
      `<p>${t.sinceAnswered({ version: v.answeredVersion, changed, added, removed: v.removed.map(h) })}</p>`,
    );
  }
  if (v.followups) parts.push(followupsSection(v.followups, locale));
  if (v.silenceMeansFavorable) parts.push(`<p>${t.silence}</p>`);
  parts.push(
    `<p class="aide">${t.howTo}</p>`,
    `<form method="post" action="${h(o.action)}" novalidate>`,
    `<input type="hidden" name="jeton" value="${h(o.formToken)}">`,
  );
  const form = avisForm({
    locale,
    enjeux: v.enjeux.map((e) => ({
      id: e.id,
      position: e.position,
      title: e.title,
      text: e.body,
      ...(e.change ? { change: e.change } : {}),
    })),
    // After a refusal, what was typed (an empty choice: « pas d'avis pour l'instant »).
    values: Object.fromEntries(
      v.enjeux.map((e) => {
        const typed = state.values?.[e.id];
        if (!typed) return [e.id, e.current];
        return [
          e.id,
          { choice: isAvisChoice(typed.choice) ? typed.choice : null, comment: typed.comment },
        ];
      }),
    ),
    recorded: Object.fromEntries(v.enjeux.map((e) => [e.id, e.current])),
    errors: errors.filter((e) => e.field !== 'form'),
    ...(v.followups
      ? {
          followups: {
            version: v.followups.version,
            items: v.followups.items.map((f) => ({
              enjeuPosition: f.enjeuPosition,
              choice: f.choice,
              response: f.response,
              ...(f.nextEnjeu ? { nextEnjeuId: f.nextEnjeu.id } : {}),
            })),
          },
        }
      : {}),
  });
  for (const e of form.enjeux) {
    const { choice, comment } = e;
    const choiceErr = choice.errors.join(' ');
    const commentErr = comment.errors.join(' ');
    // The words Slack and Teams give the same change (CHAT_FR.changes).
    const badge =
      e.change === 'changed'
        ? `<span class="badge">${h(chat.changes.changed)}</span>`
        : e.change === 'added'
          ? `<span class="badge nouveau">${h(chat.changes.added)}</span>`
          : '';
    const choiceId = fieldId(choice.field);
    const commentId = fieldId(comment.field);
    parts.push(
      `<fieldset id="${choiceId}"${choiceErr ? ` aria-describedby="${choiceId}-err"` : ''}>`,
      `<legend><h2>${h(e.heading)}${badge}</h2></legend>`,
      `<div class="texte">${markdownToHtml(e.text)}</div>`,
      ...e.followups.map((f) => `<p class="aide">${h(f)}</p>`),
      e.current ? `<p class="aide">${h(e.current)}</p>` : '',
      choiceErr ? `<p class="erreur" id="${choiceId}-err">${h(choiceErr)}</p>` : '',
      `<div class="choix" role="radiogroup" aria-label="${h(choice.label)}">`,
      ...choice.options.map(
        (o) =>
          `<label><input type="radio" name="avis-${e.id}" value="${o.value}"${choice.value === o.value ? ' checked' : ''}${choiceErr ? ' aria-invalid="true"' : ''}> <span>${h(o.label)}${o.requiresComment ? ` (${h(choice.requiresCommentMark)})` : ''}</span></label>`,
      ),
      `<label><input type="radio" name="avis-${e.id}" value=""${choice.value ? '' : ' checked'}> <span>${h(choice.none)}</span></label>`,
      `</div>`,
      `<label for="${commentId}">${h(comment.label)}</label>`,
      `<p class="aide" id="${commentId}-aide">${h(comment.hint)}</p>`,
      commentErr ? `<p class="erreur" id="${commentId}-err">${h(commentErr)}</p>` : '',
      `<textarea id="${commentId}" name="commentaire-${e.id}" maxlength="${comment.maxLength}" aria-describedby="${commentId}-aide${commentErr ? ` ${commentId}-err` : ''}"${commentErr ? ' aria-invalid="true"' : ''}>${h(comment.value ?? '')}</textarea>`,
      `</fieldset>`,
    );
  }
  parts.push(`<button type="submit">${t.submit(h(v.organisation.name))}</button>`, '</form>');
  return page(t.pageTitle(v.roundNumber), parts.join('\n'), locale);
}

/** A sentence of the catalogue (« Avis enregistré. ») as a heading: without its full stop. */
function asTitle(sentence: string): string {
  return h(sentence.replace(/\.$/, ''));
}

/** A comment shown in a sentence: one line, at most 300 characters. */
function excerpt(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > 300 ? `${chars.slice(0, 300).join('')}…` : one;
}

/** « Suites données à vos avis »: the Caf's response to each réserve, défavorable or comment. */
function followupsSection(f: NonNullable<BallotView['followups']>, locale: Locale): string {
  const t = webWords(locale).ballot;
  const chat = chatWords(locale);
  const items = f.items
    .map((i) => {
      const answer = i.response
        ? `${t.cafResponse(`<strong>${h(FOLLOWUP_LABELS[i.response][locale])}</strong>`)}${i.justification ? ` — ${h(i.justification)}` : ''}${i.nextEnjeu ? ` <span class="aide">${t.takenUp(i.nextEnjeu.position, i.nextEnjeu.version, h(i.nextEnjeu.title))}</span>` : ''}`
        : t.cafResponsePending;
      return `<li><p><strong>${chat.avisForm.enjeu(i.enjeuPosition, h(i.enjeuTitle))}</strong> — ${t.yourAvis(h(AVIS_LABELS[i.choice][locale]), i.comment ? h(excerpt(i.comment)) : undefined)}.</p><p>${answer}</p></li>`;
    })
    .join('');
  return `<section class="suites" aria-labelledby="suites-titre"><h2 id="suites-titre">${t.followupsHeading(f.version, f.roundNumber)}</h2><ul>${items}</ul></section>`;
}

/** A refusal: what happened and what to do, in the reader's language. */
export function renderBallotRefusal(title: string, message: string, locale: Locale = 'fr'): string {
  return page(title, `<h1>${h(title)}</h1>\n<p>${h(message)}</p>`, locale);
}

function fieldId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
