import type { GridFormField, GridFormView } from '../domain/grid-answer';
import { MAX_CONTRIBUTION_LENGTH } from '../domain/grid';
import type { Locale } from '../domain/types';
import { webWords, type WebWords } from '../domain/web-words';
import { escapeHtml as h } from './html';

/**
 * The evaluation grid as one HTML form (issue [11] item 3): a table — levels down, questions
 * across — on a wide screen, stacked level by level on a phone (the table's cells become blocks
 * and each field shows its question). Every field has a full label (« Territoires — Que
 * regarde-t-on ? ») for screen readers; ratings are radio buttons in a fieldset; errors are
 * listed at the top with links to their field and repeated under it. No script.
 */
export const GRID_STYLE = `
table.grille{border-collapse:collapse;width:100%;table-layout:fixed}
table.grille caption{text-align:left;font-weight:bold;margin:.5rem 0}
table.grille th,table.grille td{border:1px solid #929292;padding:.5rem;vertical-align:top;text-align:left}
table.grille thead th{background:#f6f6f6}
table.grille th[scope=row]{background:#f6f6f6;width:11rem}
table.grille textarea{width:100%;min-height:6rem;font:inherit;padding:.3rem;border:1px solid #3a3a3a;box-sizing:border-box}
table.grille fieldset{border:0;margin:.3rem 0 0;padding:0}
table.grille legend{font-size:.9rem;padding:0}
table.grille .echelons label{display:inline-flex;align-items:center;gap:.2rem;margin:.1rem .6rem .1rem 0;font-weight:normal;font-size:.9rem}
.aide{color:#3a3a3a;font-size:.9rem;margin:.2rem 0}
.question-case{display:none;font-weight:bold}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.champ-erreur{color:#ce0500;font-weight:bold;margin:.2rem 0}
textarea[aria-invalid=true]{border:2px solid #ce0500}
@media (max-width: 60em){
  table.grille,table.grille tbody,table.grille tr,table.grille th,table.grille td{display:block;width:auto;border:0}
  table.grille caption{display:block}
  table.grille thead{position:absolute;left:-10000px}
  table.grille tr{border:1px solid #929292;margin:0 0 1rem;padding:.5rem}
  table.grille th[scope=row]{font-size:1.2rem;background:none;padding:0 0 .5rem}
  table.grille td{padding:.5rem 0;border-top:1px solid #dddddd}
  .question-case{display:block}
}
`;

function ratingHtml(f: GridFormField, labels: string[], w: WebWords): string {
  if (!f.rating) return '';
  const name = f.rating.name;
  const choices = labels
    .map((label, i) => {
      const value = i + 1;
      const checked = f.rating?.value === value ? ' checked' : '';
      return `<label><input type="radio" name="${h(name)}" value="${value}"${checked}> ${value}<span class="sr-only"> : ${h(label)}</span></label>`;
    })
    .join('');
  return `<fieldset class="echelons" id="${h(name)}"><legend>${w.grid.rating}<span class="sr-only"> — ${h(f.label)}</span></legend>${choices}</fieldset>`;
}

function fieldHtml(f: GridFormField, questionLabel: string, labels: string[], w: WebWords): string {
  const id = f.textName;
  const described = [f.prompt ? `${id}-aide` : '', f.error ? `${id}-erreur` : '']
    .filter(Boolean)
    .join(' ');
  return `<td>
<span class="question-case" aria-hidden="true">${h(questionLabel)}</span>
<label class="sr-only" for="${h(id)}">${h(f.label)}</label>
${f.prompt ? `<p class="aide" id="${h(id)}-aide">${h(f.prompt)}</p>` : ''}
${f.error ? `<p class="champ-erreur" id="${h(id)}-erreur">${h(f.error.text)}</p>` : ''}
<textarea id="${h(id)}" name="${h(id)}" maxlength="${MAX_CONTRIBUTION_LENGTH}" rows="4"${described ? ` aria-describedby="${described}"` : ''}${f.error ? ' aria-invalid="true"' : ''}>${h(f.text)}</textarea>
${ratingHtml(f, labels, w)}
</td>`;
}

/** The grid's form: the error summary, the scale's legend, the table, and the buttons. */
export function renderGridForm(
  view: GridFormView,
  o: { action: string; hidden: Record<string, string>; buttons: string; locale?: Locale },
): string {
  const w = webWords(o.locale ?? 'fr');
  const summary =
    view.errors.length > 0
      ? `<div class="erreur" role="alert" id="erreurs"><h2>${w.grid.toFix(view.errors.length)}</h2><ul>${view.errors
          .map((e) => `<li><a href="#${h(e.field)}">${h(e.label)}</a> : ${h(e.text)}</li>`)
          .join('')}</ul></div>`
      : '';
  const scale =
    view.ratingLabels.length > 0
      ? `<p>${w.grid.scale(view.ratingLabels.map((l, i) => `<strong>${i + 1}</strong> ${h(l)}`).join(' · '))}</p>`
      : '';
  const head = view.questions
    .map(
      (q) =>
        `<th scope="col">${h(q.label)}${q.help ? `<p class="aide">${h(q.help)}</p>` : ''}</th>`,
    )
    .join('');
  const rows = view.levels
    .map(
      (l) =>
        `<tr><th scope="row">${h(l.label)}${l.help ? `<p class="aide">${h(l.help)}</p>` : ''}</th>${l.fields
          .map((f) =>
            fieldHtml(f, view.questions[f.question - 1]?.label ?? '', view.ratingLabels, w),
          )
          .join('')}</tr>`,
    )
    .join('\n');
  const hidden = Object.entries(o.hidden)
    .map(([k, v]) => `<input type="hidden" name="${h(k)}" value="${h(v)}">`)
    .join('');
  return `${summary}
${view.description ? `<p>${h(view.description)}</p>` : ''}
${scale}
<p>${w.grid.filled(view.progress.filled, view.progress.total, MAX_CONTRIBUTION_LENGTH)}</p>
<form method="post" action="${h(o.action)}" novalidate>${hidden}
<table class="grille"><caption>${h(view.title)}</caption>
<thead><tr><td></td>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>
${o.buttons}
</form>`;
}
