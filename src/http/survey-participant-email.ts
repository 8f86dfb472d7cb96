import type { Locale } from '../domain/types';
import { participantWords } from '../domain/web-words';
import { escapeHtml as h } from './html';

/**
 * The block under a participant's grid (not anonymous rounds only) where they may leave an
 * e-mail address to be reminded before the deadline, with the link to resume their grid. Its own
 * small form (POST /grille/<event>/rappel): the grid's save is left as it is.
 */
export interface ParticipantEmailForm {
  action: string;
  formToken: string;
  /** The address kept now, if any. */
  email: string | null;
  /** What was typed, shown again with `error`. */
  value?: string;
  error?: string;
  formExpired?: boolean;
  done?: 'adresse' | 'adresse-effacee';
  locale?: Locale;
}

export function renderParticipantEmailForm(f: ParticipantEmailForm): string {
  const W = participantWords(f.locale);
  const parts: string[] = [
    `<section id="rappel" aria-labelledby="rappel-titre" style="margin-top:2.5rem;padding-top:1rem;border-top:1px solid #767676">`,
  ];
  parts.push(`<h2 id="rappel-titre">${h(W.heading)}</h2>`);
  if (f.done === 'adresse')
    parts.push(
      `<div class="ok" role="status" tabindex="-1"><h3>${h(W.saved)}</h3><p>${h(W.savedText)}</p></div>`,
    );
  else if (f.done === 'adresse-effacee')
    parts.push(
      `<div class="ok" role="status" tabindex="-1"><h3>${h(W.removed)}</h3><p>${h(W.removedText)}</p></div>`,
    );
  if (f.error || f.formExpired)
    parts.push(
      `<div class="erreur" role="alert"><h3>${h(W.notSaved)}</h3><p>${
        f.error ? `<a href="#courriel">${h(f.error)}</a>` : h(W.formExpired)
      }</p></div>`,
    );
  const described = `courriel-aide${f.email ? ' courriel-actuel' : ''}${f.error ? ' courriel-err' : ''}`;
  parts.push(
    `<form method="post" action="${h(f.action)}" novalidate>
<input type="hidden" name="jeton" value="${h(f.formToken)}">
<div class="champ"><label for="courriel">${h(W.label)}</label>
<p class="aide" id="courriel-aide">${h(W.help)}</p>
${f.email ? `<p class="aide" id="courriel-actuel">${h(W.current(f.email))}</p>` : ''}
${f.error ? `<p class="champ-erreur" id="courriel-err">${h(f.error)}</p>` : ''}
<input type="email" id="courriel" name="courriel" maxlength="254" autocomplete="email" spellcheck="false" aria-describedby="${described}"${f.error ? ' aria-invalid="true"' : ''} value="${h(f.value ?? f.email ?? '')}" style="font:inherit;padding:.5rem;border:1px solid #3a3a3a;border-radius:.2rem;width:100%;max-width:24rem"></div>
<div class="boutons"><button type="submit" class="secondaire">${h(W.button)}</button></div>
</form>
</section>`,
  );
  return parts.join('\n');
}
