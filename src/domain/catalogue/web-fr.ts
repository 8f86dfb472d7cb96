import { count } from '../format';

/**
 * What only the web pages say (src/http: the ballot of a contact's personal link, a survey's
 * event page and grid, the draft's page, the edge's refusals), in French; web-en.ts WEB_EN in
 * English. Read through domain/web-words.ts `webWords(locale)`. What the chat channels say of the
 * same thing (an enjeu's change, « Avis enregistré », the deadline's label, a refusal) is not
 * here: the pages take CHAT_FR's words and the refusals' catalogue, the same on every channel.
 *
 * Parameters are inserted as given: the pages pass user text escaped (http/html.ts) or wrapped
 * in their markup (`<strong>…</strong>`), so these texts carry none.
 */
export const WEB_FR = {
  /** `<html lang>`. */
  lang: 'fr',
  /** « Date limite : 14 mars », with the typography of the language. */
  labelled: (label: string, value: string) => `${label} : ${value}`,
  /** The web ballot (http/ballot-page.ts). */
  ballot: {
    pageTitle: (n: number) => `Consultation n° ${n}`,
    heading: (n: number, title: string, version: number) =>
      `Consultation n° ${n} : ${title} (version ${version})`,
    answeringFor: (organisation: string, who: string) =>
      `Vous répondez pour ${organisation} (${who}).`,
    progress: (answered: number, total: number) =>
      answered === 0
        ? "Votre organisation n'a encore donné aucun avis."
        : answered >= total
          ? `Votre organisation a donné son avis sur ${total === 1 ? "l'enjeu" : `les ${total} enjeux`} ; vous pouvez le modifier.`
          : `Votre organisation a donné son avis sur ${count(answered, 'fr', 'enjeu', 'enjeux')} sur ${total}.`,
    savedText: (organisation: string, saved: number) =>
      `L'avis de ${organisation} sur ${count(saved, 'fr', 'enjeu', 'enjeux')} est enregistré. Un accusé de réception vous est envoyé par courriel. Vous pouvez modifier vos avis jusqu'à la date limite avec ce même lien.`,
    errorsHeading: (n: number) =>
      n === 1 ? "1 erreur empêche l'enregistrement" : `${n} erreurs empêchent l'enregistrement`,
    nothingSaved: "Rien n'a été enregistré : corrigez puis envoyez à nouveau.",
    /** `removed`: the titles of the enjeux gone since (escaped by the page). */
    sinceAnswered: (o: { version: number; changed: number; added: number; removed: string[] }) =>
      `Votre organisation a répondu à la version ${o.version}. Depuis : ${count(o.changed, 'fr', 'enjeu modifié', 'enjeux modifiés')}, ${count(o.added, 'fr', 'nouvel enjeu', 'nouveaux enjeux')}${o.removed.length > 0 ? `, retiré${o.removed.length > 1 ? 's' : ''} : ${o.removed.map((t) => `« ${t} »`).join(', ')}` : ''}. Ils sont signalés ci-dessous.`,
    silence: 'Sans réponse de votre organisation à la date limite, son avis sera réputé favorable.',
    howTo:
      'Donnez un avis pour chaque enjeu (vous pouvez aussi en laisser pour plus tard). Un avis défavorable ou favorable avec réserves doit être motivé dans le commentaire.',
    submit: (organisation: string) => `Enregistrer les avis de ${organisation}`,
    formExpired:
      "Le formulaire a expiré ou n'a pas été envoyé depuis cette page : vérifiez vos avis ci-dessous et envoyez-les à nouveau.",
    /** The refusal pages' titles, by HTTP status. */
    refusalTitles: {
      403: 'Lien sans accès à cette consultation',
      404: 'Lien de vote invalide',
      410: 'Ce lien ne permet plus de voter',
      429: 'Trop de tentatives',
    } as Record<number, string>,
    /** « Suites données à vos avis »: the Caf's response to the organisation's earlier avis. */
    followupsHeading: (version: number, round: number) =>
      `Suites données à vos avis sur la version ${version} (consultation n° ${round})`,
    yourAvis: (choice: string, comment: string | undefined) =>
      `votre avis : ${choice}${comment ? ` (« ${comment} »)` : ''}`,
    cafResponse: (response: string) => `Réponse de la Caf : ${response}`,
    cafResponsePending: 'Réponse de la Caf : pas encore communiquée.',
    takenUp: (position: number, version: number, title: string) =>
      `(repris dans l'enjeu ${position} de la version ${version} : ${title})`,
  },
  /** A survey's pages (http/survey-pages.ts, http/survey-event.ts). */
  survey: {
    pageTitle: (n: number) => `Évaluation n° ${n}`,
    /** `tenant` and `deadline` given as the page shows them. */
    meta: (n: number, tenant: string) => `Évaluation n° ${n} — ${tenant}.`,
    anonymous: (word: string) =>
      `Cette évaluation est ${word} : votre nom n’est pas demandé et aucun nom n’est enregistré avec vos réponses.`,
    anonymousWord: 'anonyme',
    nameLabel: 'Votre nom (facultatif)',
    nameHint: (max: number) =>
      `${max} caractères au plus. Il est enregistré avec vos réponses et vu par l’équipe de la Caf ; laissez vide pour répondre sans nom.`,
    codeRefused: 'Code non accepté',
    codeLabel: 'Votre code de participant',
    codeHint: '8 caractères, imprimés sur le papier remis à votre table, par exemple ABCD-EFGH.',
    open: 'Ouvrir ma grille',
    keepPaper:
      'Votre code vous permet de revenir à vos réponses et de les modifier jusqu’à la date limite : gardez le papier.',
    codeFormExpired:
      'Le formulaire a expiré ou n’a pas été envoyé depuis cette page : tapez à nouveau votre code.',
    /** Who answers, on the grid's page. */
    whoNamed: (name: string, table: string | null) =>
      `Vous répondez en votre nom (${name}${table ? `, ${table}` : ''}).`,
    whoUnnamed: (anonymous: boolean, table: string | null) =>
      `Vous répondez ${anonymous ? 'anonymement' : 'sans nom'}${table ? ` (${table})` : ''}.`,
    whoContact: (organisation: string, contact: string) =>
      `Vous répondez pour ${organisation}, en tant que ${contact}.`,
    /** Where the answer stands, to its respondent. */
    state: {
      not_started: 'Aucune réponse enregistrée pour l’instant.',
      draft: 'Vos réponses sont enregistrées comme brouillon.',
      finished: 'Vos réponses sont terminées ; vous pouvez encore les modifier.',
    },
    finishedHeading: 'Réponses envoyées',
    finishedText: (deadline: string) =>
      `Merci : vos réponses sont enregistrées comme terminées. Vous pouvez encore les modifier jusqu’à la date limite (${deadline}) en revenant sur cette page.`,
    draftHeading: 'Brouillon enregistré',
    draftText: (deadline: string) =>
      `Vos réponses sont enregistrées. Revenez les compléter quand vous voulez, puis choisissez « Terminer » avant la date limite (${deadline}).`,
    formExpiredHeading: 'Formulaire expiré',
    formExpiredText:
      'Le formulaire a expiré ou n’a pas été envoyé depuis cette page : rien n’a été enregistré. Vérifiez vos réponses ci-dessous et envoyez-les à nouveau.',
    saveDraft: 'Enregistrer le brouillon',
    finish: 'Terminer',
    finishHint:
      '« Terminer » indique que vos réponses sont complètes ; vous pourrez encore les modifier jusqu’à la date limite.',
    /** The refusal pages' titles, by HTTP status. */
    refusalTitles: {
      403: 'Accès refusé',
      404: 'Page introuvable',
      409: 'Lien à utiliser autrement',
      410: 'Cette évaluation ne reçoit plus de réponses',
      429: 'Trop de tentatives',
    } as Record<number, string>,
    refused: 'Refusé',
    /** What to do after a refusal, by its code; `other` for the rest. */
    todo: {
      SURVEY_EVENT_NOT_FOUND:
        'Scannez à nouveau le QR code affiché dans la salle ou demandez le lien à l’équipe de la Caf.',
      SURVEY_NOT_OPEN:
        'Vos réponses déjà enregistrées sont gardées. Pour toute question, adressez-vous à l’équipe de la Caf.',
      SURVEY_CODE_UNKNOWN:
        'Revenez à la page de la journée et tapez à nouveau le code imprimé sur votre papier.',
      SURVEY_NOT_ALLOWED: 'Demandez à la Caf le lien personnel de votre organisation.',
      SURVEY_NOT_PER_ORGANISATION:
        'Ouvrez le lien de la journée et tapez votre code de participant.',
      SURVEY_NOT_PER_PERSON: 'Ouvrez le lien personnel reçu par courriel.',
      ROUND_NOT_FOUND: 'Demandez le lien à l’équipe de la Caf.',
    },
    todoOther: 'Adressez-vous à l’équipe de la Caf.',
  },
  /** The grid as one form (http/grid-page.ts). */
  grid: {
    toFix: (n: number) => `${count(n, 'fr', 'case', 'cases')} à corriger`,
    /** `items`: « 1 Absent · 2 Amorcé… » as the page marks them up. */
    scale: (items: string) => `Notes : ${items}.`,
    rating: 'Note',
    filled: (filled: number, total: number, maxLength: number) =>
      `Cases remplies : ${filled} sur ${total}. Chaque contribution compte ${maxLength.toLocaleString('fr-FR')} caractères au plus ; une case peut rester vide.`,
  },
  /** The draft's page (http/draft-page.ts). */
  draft: {
    title: (title: string, version: number) => `${title} — version ${version}`,
    meta: (version: number, period: string) => `Version ${version} — période ${period}`,
  },
  /** A request refused at the edge for its form (http/client-errors.ts), by code. */
  clientErrors: {
    BODY_INVALID_JSON: 'Corps illisible : JSON invalide.',
    BODY_TOO_LARGE: 'Corps de requête trop volumineux.',
    BODY_ENCODING_UNSUPPORTED: 'Compression du corps non prise en charge (gzip, deflate ou br).',
    BODY_CHARSET_UNSUPPORTED: 'Jeu de caractères non pris en charge : UTF-8 uniquement.',
    BODY_ABORTED: 'Requête interrompue.',
    MEDIA_TYPE_UNSUPPORTED: 'Type de contenu non pris en charge.',
    BODY_MALFORMED: 'Corps de requête illisible.',
  },
  mediaTypeExpected: (types: string[]) =>
    `Type de contenu non pris en charge : ${types.join(' ou ')} attendu.`,
};

export type WebWords = typeof WEB_FR;
