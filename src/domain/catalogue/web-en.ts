import { count } from '../format';
import type { WebWords } from './web-fr';

/** What only the web pages say, in English: the same keys as web-fr.ts WEB_FR. */
export const WEB_EN: WebWords = {
  lang: 'en',
  labelled: (label, value) => `${label}: ${value}`,
  ballot: {
    pageTitle: (n) => `Consultation no. ${n}`,
    heading: (n, title, version) => `Consultation no. ${n}: ${title} (version ${version})`,
    answeringFor: (organisation, who) => `You are answering for ${organisation} (${who}).`,
    progress: (answered, total) =>
      answered === 0
        ? 'Your organisation has not given any avis yet.'
        : answered >= total
          ? `Your organisation has given its avis on ${total === 1 ? 'the enjeu' : `all ${total} enjeux`}; you can change it.`
          : `Your organisation has given its avis on ${count(answered, 'en', 'enjeu', 'enjeux')} out of ${total}.`,
    savedText: (organisation, saved) =>
      `The avis of ${organisation} on ${count(saved, 'en', 'enjeu', 'enjeux')} is recorded. A receipt is sent to you by e-mail. You can change your avis until the deadline with this same link.`,
    errorsHeading: (n) => (n === 1 ? '1 error prevents saving' : `${n} errors prevent saving`),
    nothingSaved: 'Nothing was saved: correct and send again.',
    sinceAnswered: (o) =>
      `Your organisation answered version ${o.version}. Since then: ${count(o.changed, 'en', 'enjeu changed', 'enjeux changed')}, ${count(o.added, 'en', 'new enjeu', 'new enjeux')}${o.removed.length > 0 ? `, removed: ${o.removed.map((t) => `"${t}"`).join(', ')}` : ''}. They are marked below.`,
    silence:
      'Without an answer from your organisation by the deadline, its avis will be deemed favourable.',
    howTo:
      'Give an avis on each enjeu (you may also leave some for later). An unfavourable avis or a favourable avis with reservations must be explained in the comment.',
    submit: (organisation) => `Save the avis of ${organisation}`,
    formExpired:
      'The form has expired or was not sent from this page: check your avis below and send them again.',
    refusalTitles: {
      403: 'Link without access to this consultation',
      404: 'Invalid voting link',
      410: 'This link can no longer be used to vote',
      429: 'Too many attempts',
    },
    followupsHeading: (version, round) =>
      `Follow-up of your avis on version ${version} (consultation no. ${round})`,
    yourAvis: (choice, comment) => `your avis: ${choice}${comment ? ` ("${comment}")` : ''}`,
    cafResponse: (response) => `The Caf's response: ${response}`,
    cafResponsePending: "The Caf's response: not given yet.",
    takenUp: (position, version, title) =>
      `(taken up in enjeu ${position} of version ${version}: ${title})`,
  },
  survey: {
    pageTitle: (n) => `Evaluation no. ${n}`,
    meta: (n, tenant) => `Evaluation no. ${n} — ${tenant}.`,
    anonymous: (word) =>
      `This evaluation is ${word}: your name is not asked and no name is recorded with your answers.`,
    anonymousWord: 'anonymous',
    nameLabel: 'Your name (optional)',
    nameHint: (max) =>
      `${max} characters at most. It is recorded with your answers and seen by the Caf's team; leave it empty to answer without a name.`,
    codeRefused: 'Code not accepted',
    codeLabel: 'Your participant code',
    codeHint: '8 characters, printed on the paper given to your table, for example ABCD-EFGH.',
    open: 'Open my grid',
    keepPaper:
      'Your code lets you come back to your answers and change them until the deadline: keep the paper.',
    codeFormExpired: 'The form has expired or was not sent from this page: type your code again.',
    whoNamed: (name, table) =>
      `You are answering in your own name (${name}${table ? `, ${table}` : ''}).`,
    whoUnnamed: (anonymous, table) =>
      `You are answering ${anonymous ? 'anonymously' : 'without a name'}${table ? ` (${table})` : ''}.`,
    whoContact: (organisation, contact) => `You are answering for ${organisation}, as ${contact}.`,
    state: {
      not_started: 'No answer recorded yet.',
      draft: 'Your answers are saved as a draft.',
      finished: 'Your answers are finished; you can still change them.',
    },
    finishedHeading: 'Answers sent',
    finishedText: (deadline) =>
      `Thank you: your answers are recorded as finished. You can still change them until the deadline (${deadline}) by coming back to this page.`,
    draftHeading: 'Draft saved',
    draftText: (deadline) =>
      `Your answers are saved. Come back to complete them whenever you like, then choose "Finish" before the deadline (${deadline}).`,
    formExpiredHeading: 'Form expired',
    formExpiredText:
      'The form has expired or was not sent from this page: nothing was saved. Check your answers below and send them again.',
    saveDraft: 'Save the draft',
    finish: 'Finish',
    finishHint:
      '"Finish" says that your answers are complete; you will still be able to change them until the deadline.',
    refusalTitles: {
      403: 'Access refused',
      404: 'Page not found',
      409: 'Link to be used differently',
      410: 'This evaluation no longer takes answers',
      429: 'Too many attempts',
    },
    refused: 'Refused',
    todo: {
      SURVEY_EVENT_NOT_FOUND:
        "Scan the QR code shown in the room again or ask the Caf's team for the link.",
      SURVEY_NOT_OPEN:
        "Your answers already recorded are kept. For any question, ask the Caf's team.",
      SURVEY_CODE_UNKNOWN:
        "Go back to the day's page and type the code printed on your paper again.",
      SURVEY_NOT_ALLOWED: "Ask the Caf for your organisation's personal link.",
      SURVEY_NOT_PER_ORGANISATION: "Open the day's link and type your participant code.",
      SURVEY_NOT_PER_PERSON: 'Open the personal link received by e-mail.',
      ROUND_NOT_FOUND: "Ask the Caf's team for the link.",
    },
    todoOther: "Ask the Caf's team.",
  },
  grid: {
    toFix: (n) => `${count(n, 'en', 'cell', 'cells')} to correct`,
    scale: (items) => `Ratings: ${items}.`,
    rating: 'Rating',
    filled: (filled, total, maxLength) =>
      `Cells filled: ${filled} out of ${total}. Each contribution is ${maxLength.toLocaleString('en-GB')} characters at most; a cell may stay empty.`,
  },
  draft: {
    title: (title, version) => `${title} — version ${version}`,
    meta: (version, period) => `Version ${version} — period ${period}`,
  },
  clientErrors: {
    BODY_INVALID_JSON: 'Unreadable body: invalid JSON.',
    BODY_TOO_LARGE: 'Request body too large.',
    BODY_ENCODING_UNSUPPORTED: 'Body compression not supported (gzip, deflate or br).',
    BODY_CHARSET_UNSUPPORTED: 'Character set not supported: UTF-8 only.',
    BODY_ABORTED: 'Request aborted.',
    MEDIA_TYPE_UNSUPPORTED: 'Content type not supported.',
    BODY_MALFORMED: 'Unreadable request body.',
  },
  mediaTypeExpected: (types) => `Content type not supported: ${types.join(' or ')} expected.`,
};
