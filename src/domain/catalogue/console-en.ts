import { count } from '../format';
import { organisationsAnsweredEverything } from '../round-messages';
import type { ConsoleWords } from './console-fr';
import { CHAT_EN, ROUND_STATUS_EN } from './en';

const gridSize = (levels: number, questions: number, cells: number) =>
  `${count(levels, 'en', 'level', 'levels')} × ${count(questions, 'en', 'question', 'questions')}, ${count(cells, 'en', 'cell', 'cells')}`;

/**
 * CONSOLE_FR's words in English (catalogue/console-fr.ts), for a pilot whose locale is English:
 * the same keys, the same parameters (the type refuses a missing key or another parameter).
 * Words of the domain stay French, as in CHAT_EN: avis, enjeu(x), Caf, agrément.
 */
export const CONSOLE_EN: ConsoleWords = {
  lang: 'en',
  dateTime: "d LLL yyyy 'at' HH:mm",
  date: 'd LLLL yyyy',
  status: ROUND_STATUS_EN,
  channels: {
    slack: 'Slack',
    teams: 'Teams',
    tab: 'Teams tab',
    cli: 'entered by the Caf',
    web: 'voting page (link by e-mail)',
    proxy: 'post or e-mail, entered by the Caf',
    implicit: 'no answer (counts as favourable)',
  },
  deadline: CHAT_EN.deadline,
  enjeu: CHAT_EN.avisForm.enjeu,
  needsReason: CHAT_EN.avisForm.needsReason,
  answeredEverything: (complete, invited) =>
    organisationsAnsweredEverything(complete, invited, 'en'),

  layout: {
    console: 'pilots’ console',
    pageTitle: (titleHtml) => `${titleHtml} — Pilots’ console — Concerto`,
    skip: 'Skip to content',
    nav: 'Console',
    rounds: 'Consultations',
    agrements: 'Agréments to renew',
    grids: 'Evaluation grids',
    signOut: 'Sign out',
    backToConsole: 'Back to the console',
    allRounds: 'All consultations',
  },

  signIn: {
    title: 'Sign in',
    heading: 'Sign in to the pilots’ console',
    withAccountOf: (tenantHtml) => `With your ${tenantHtml} account`,
    withProvider: (labelHtml) => `Sign in with ${labelHtml}`,
    orByLink: 'Or with a link sent by e-mail',
    loggedOut: 'You are signed out.',
    sent: 'If this address is a Caf pilot’s, a sign-in link has just been sent to it by e-mail. It is valid for 15 minutes and works once.',
    intro:
      'The console lets the Caf’s pilots follow and steer the consultations on the schéma directeur. Give your e-mail address: you will receive a sign-in link.',
    email: 'E-mail address',
    emailHint: 'The one the Caf recorded for you, for example prenom.nom@caf94.fr.',
    send: 'Receive a sign-in link',
    newLink: 'Ask for a new sign-in link',
    as: (nameHtml, tenantHtml) =>
      `You are about to sign in as ${nameHtml}, pilot of ${tenantHtml}.`,
    submit: 'Sign in',
    refused: 'Sign-in refused',
    throttled: (reason) => `Too many requests. ${reason}`,
  },

  formExpiredTitle: 'Form expired',
  formExpired:
    'The form has expired or was not sent from the console: reload the page and try again. Nothing was changed.',
  roundNotFoundTitle: 'Consultation not found',

  done: {
    consultationPrepared: 'Consultation prepared: check it, then launch it.',
    consultationLaunched: (n) =>
      `Consultation open: ${count(n, 'en', 'invitation', 'invitations')} queued for sending; reminders and close scheduled.`,
    surveyPrepared: 'Evaluation prepared: check it, then launch it.',
    surveyLaunched: (n) =>
      `Evaluation open: ${count(n, 'en', 'invitation', 'invitations')} queued for sending, reminders and close scheduled.`,
    reminded: (n) =>
      n > 0
        ? `Reminder sent to ${count(n, 'en', 'organisation', 'organisations')}.`
        : 'No reachable organisation to remind.',
    deadline: 'Deadline changed: reminders and close rescheduled, organisations told.',
    consultationClosed: 'Consultation closed: the results go to the organisations and the pilots.',
    surveyClosed: 'Evaluation closed: the results go to the organisations and the pilots.',
    consultationCancelled: 'Consultation cancelled.',
    surveyCancelled: 'Evaluation cancelled.',
    proxyAvis: (n) =>
      `Avis recorded on behalf of the organisation on ${count(n, 'en', 'enjeu', 'enjeux')}.`,
    followup: 'Follow-up recorded.',
  },

  rounds: {
    caption: 'The Caf’s consultations, most recent first',
    round: 'Consultation',
    subject: 'Project or grid',
    state: 'State',
    participation: 'Participation',
    consultation: (n) => `Consultation no. ${n}`,
    evaluation: (n) => `Evaluation no. ${n}`,
    version: (titleHtml, version) => `${titleHtml} (version ${version})`,
    none: 'No consultation yet.',
    prepare: 'Prepare a new consultation',
  },

  surveyMode: (r) =>
    r.answerMode === 'organisation'
      ? 'one answer per organisation'
      : `one answer per person${r.anonymous ? ', anonymous' : ''}`,
  surveyParticipation: (p) => {
    const finished = `${p.finished} finished`;
    const started = `${p.started} started`;
    return p.invited === null
      ? `${finished}, ${started}`
      : `${finished} of ${count(p.invited, 'en', 'organisation', 'organisations')}, ${started}`;
  },

  action: {
    launch: 'Launch',
    remind: 'Remind',
    deadline: 'Change the deadline',
    newDeadline: 'New deadline',
    deadlineHint: (timezone) =>
      `The Caf’s time (${timezone}). Reminders and close are rescheduled; the invited organisations are told.`,
    closeOrCancel: 'Close or cancel',
    exports: 'Exports',
    xlsx: 'Download the results workbook (Excel, XLSX)',
    state: 'State',
    participation: 'Participation',
  },

  round: {
    organisation: 'Organisation',
    noAnswer: 'no answer',
    castAt: (date) => `on ${date}`,
    charts: 'Results by enjeu',
    chart: (subject) => `Enjeu ${subject}`,
    launchText:
      'The invitations go to each invited organisation; the reminders and the close are scheduled.',
    launchButton: 'Launch the consultation',
    remindText:
      'A reminder goes now to the organisations that have not answered every enjeu, in the thread of their invitation.',
    remindButton: 'Remind the organisations without an answer',
    proxy: 'Record an avis received by post',
    proxyText:
      'For an organisation that answered by post or by e-mail: the avis is recorded on its behalf, marked “entered by the Caf” in the table and the exports.',
    allEnjeux: 'Every enjeu',
    enjeuLabel: 'Enjeu',
    avis: 'Avis',
    comment: 'Comment',
    commentHint: (max) =>
      `Required for an unfavourable avis or one with reservations; ${max} characters at most.`,
    source: 'Received by (post, e-mail…)',
    sourceHint: 'For example “letter of 3 December”: kept with the avis and in the exports.',
    proxyButton: 'Record the avis',
    closeText: (silenceMeansFavorable) =>
      `Close now: the results go to the invited organisations and the pilots${silenceMeansFavorable ? '; the organisations without an answer are deemed favourable' : ''}.`,
    closeButton: 'Close the consultation now',
    cancelText: (open) =>
      `Cancel: the consultation stops without results${open ? '; the invited organisations are told' : ''}.`,
    cancelButton: 'Cancel the consultation',
    followups: 'Follow-up of the avis',
    followupsText:
      'For each reservation, unfavourable avis or comment: what the Caf did with it, and why (table of how the avis were taken into account).',
    followupsLink: 'Record the follow-up of the avis',
    pdf: 'Download the summary (PDF)',
    csv: 'Download the table of avis (CSV for Excel)',
    md: 'Download the summary by enjeu (Markdown)',
    heading: (n, titleHtml, version) => `Consultation no. ${n}: ${titleHtml} (version ${version})`,
    silence: 'No answer',
    silenceYes: 'counts as a favourable avis at the close',
    silenceNo: 'does not count as an avis',
    results: 'Results',
    resultsDuring: 'visible to partners during the consultation',
    resultsAfter: 'sent to partners at the close',
    matrix: 'Avis by organisation and by enjeu',
    matrixCaption: (organisations, enjeux) =>
      `Avis of the ${count(organisations, 'en', 'invited organisation', 'invited organisations')} on the ${count(enjeux, 'en', 'enjeu', 'enjeux')}: each avis with its comment, who gave it, when and through which channel`,
    notFound: (ref) => `No consultation “${ref}” in your Caf.`,
    reasonsMissing:
      'An unfavourable avis or a favourable one with reservations needs its reasons: write them in the comment.',
  },

  newRound: {
    title: 'New consultation',
    kind: 'Kind',
    kindConsultation: 'Consultation on a project: one avis per enjeu',
    kindEvaluation: 'Evaluation on a grid: contributions cell by cell',
    forEvaluation: 'For an evaluation on a grid',
    grid: 'Evaluation grid',
    who: 'Who answers',
    perOrganisation: 'One answer per invited organisation',
    perPerson: 'One answer per person (a day event, with a code per participant)',
    anonymous: 'Anonymous: no name asked or kept (one answer per person only)',
    version: 'Project version',
    byKind: 'Organisations invited by kind',
    byKindHint: 'Every organisation of a kind; add others one by one below.',
    oneByOne: 'Organisations invited one by one',
    deadlineHint: (timezone) => `The Caf’s time (${timezone}).`,
    reminders: 'Reminders',
    remindersHint:
      'Before the deadline, for example “7j, 2j, matin” (7 days, 2 days, that morning), or “aucun”.',
    options: 'Options',
    silence: `${CHAT_EN.launch.optionSilence} (consultation)`,
    silenceOption: '“No answer counts as a favourable avis”',
    results: 'Results visible to partners',
    resultsAfter: 'at the close',
    resultsDuring: 'during the consultation',
    launch: 'Prepare and launch',
    prepare: 'Prepare',
    nothing:
      'No project version and no evaluation grid is imported: import them with “concerto draft import” or “concerto grid import”.',
    surveyDeadlineMissing: 'Give the evaluation’s deadline.',
    surveyNoOrganisation:
      'Choose at least one organisation to invite (by kind or one by one): the evaluation is filled in once per organisation.',
    noOrganisation: 'Choose at least one organisation to invite (by kind or one by one).',
    deadlineMissing: 'Give the consultation’s deadline.',
  },

  agrements: {
    title: 'Agréments to renew',
    caption: (months, rows) =>
      `Current agréments ending within ${count(months, 'en', 'month', 'months')}, soonest first (${rows})`,
    structure: 'Structure',
    agrement: 'Agrément',
    end: 'End',
    state: 'State',
    nextReminder: 'Next reminder',
    evaluation: 'Evaluation',
    none: (months) => `No agrément ends within ${count(months, 'en', 'month', 'months')}.`,
  },

  followups: {
    none: 'No favourable avis with reservations, unfavourable or commented avis: no follow-up to give.',
    allDone: 'Every follow-up is recorded.',
    pending: (pending, total) => `${pending} of ${total} avis without a recorded follow-up.`,
    intro:
      'For each reservation, unfavourable avis or comment, say what the Caf did with it and why; the organisations will see it next to the changes when the next version is put to them.',
    recorded: (labelHtml, by, date) => `Follow-up recorded: ${labelHtml}, by ${by}, on ${date}.`,
    todoWord: 'to do',
    todo: (wordHtml) => `Follow-up: ${wordHtml}.`,
    response: 'The Caf’s response',
    justification: 'Justification',
    justificationHint: (max) => `Required; ${max} characters at most.`,
    next: 'Enjeu of the next version that answers it (optional)',
    noNext: 'None',
    nextOption: (version, position, titleHtml) =>
      `Version ${version}, enjeu ${position}: ${titleHtml}`,
    submit: 'Record the follow-up',
    carried: (version, position, titleHtml) =>
      `Taken up in version ${version}, enjeu ${position}: ${titleHtml}.`,
    title: (n) => `Follow-up of the avis — consultation no. ${n}`,
    back: (n) => `Back to consultation no. ${n}`,
    heading: (n, titleHtml, version) =>
      `Follow-up of the avis — consultation no. ${n}: ${titleHtml} (version ${version})`,
    items: 'Avis that call for a follow-up',
  },

  gridSize,
  mean: (m) => String(Math.round(m * 100) / 100),

  survey: {
    grid: 'Grid',
    gridOf: (titleHtml, codeHtml, size) => `${titleHtml} (${codeHtml}): ${size}`,
    answers: 'Answers',
    eventLink: 'Link of the day',
    organisationsCaption: (n) =>
      `Answer of each of the ${count(n, 'en', 'invited organisation', 'invited organisations')}`,
    organisation: 'Organisation',
    where: 'Where its answer stands',
    finished: 'finished',
    draft: (filled, total) => `draft (${count(filled, 'en', 'cell', 'cells')} of ${total})`,
    nothing: 'nothing',
    tablesCaption:
      'Participants by table: codes drawn, codes used, answers in progress and finished',
    table: 'Table',
    codes: 'Codes',
    used: 'Used',
    started: 'In progress',
    done: 'Finished',
    noTable: '(no table)',
    noCodes: 'No participant code drawn yet.',
    codesLink: 'Draw and print the participants’ codes, by table',
    heatmap: 'Heat map',
    contributions: (n) => count(n, 'en', 'contribution', 'contributions'),
    noRating: 'no rating',
    meanOf: (mean, max) => `mean rating ${mean} of ${max}`,
    distribution: (parts) => `distribution: ${parts}`,
    cellSeparator: '; ',
    cells: 'Cell by cell',
    empty: (questions) => `No contribution or rating: ${questions}`,
    groupings: 'Groupings',
    nothingToGroup: 'No answer to group.',
    groupingCaption: (label, rated) =>
      `${label}: number of answers${rated ? ' and mean rating of each rated cell' : ' and contributions'}`,
    groupAnswers: 'Answers',
    groupContributions: 'Contributions',
    launchText: (perOrganisation) =>
      `${perOrganisation ? 'The invitations go to each invited organisation' : 'The link of the day opens'}; the reminders and the close are scheduled.`,
    launchButton: 'Launch the evaluation',
    remindText:
      'A reminder goes now to the organisations that have not finished their grid, in the thread of their invitation.',
    remindButton: 'Remind the organisations that have not finished',
    closeText: 'Close now: the results go to the invited organisations and the pilots.',
    closeButton: 'Close the evaluation now',
    cancelText: (open) =>
      `Cancel: the evaluation stops without results${open ? '; the invited organisations are told' : ''}.`,
    cancelButton: 'Cancel the evaluation',
    pdf: 'Download the summary with the heat map (PDF)',
    csv: 'Download every contribution (CSV for Excel)',
    md: 'Download the summary cell by cell (Markdown)',
  },

  grids: {
    title: 'Evaluation grids',
    size: (levels, questions, cells, ratings) =>
      `${gridSize(levels, questions, cells)}${ratings ? `, rated from 1 to ${ratings}` : ''}`,
    none: (commandHtml) => `No grid: import one with ${commandHtml}.`,
    importCommand: 'concerto grid import <file>',
    notFound: 'Grid not found',
    checked: (cells) =>
      `Preview checked: ${count(cells, 'en', 'cell filled in', 'cells filled in')}, no error. Nothing was saved.`,
    title1: (title) => `Grid “${title}”`,
    preview: 'Preview: the grid as the participants fill it in. Try it; nothing is saved.',
    check: 'Check the preview',
  },

  codes: {
    title: (n) => `Participants’ codes — evaluation no. ${n}`,
    refusal: 'Participants’ codes',
    qrWithCode: (code) => `QR code of the day with the code ${code}`,
    qrLink: 'QR code of the link of the day',
    yourCode: 'Your code:',
    slipHint: (linkHtml, deadline) =>
      `Scan, or open ${linkHtml} and type this code. Before ${deadline}.`,
    table: (tableHtml, n) => `${tableHtml || 'No table'} — ${count(n, 'en', 'code', 'codes')}`,
    back: 'Back to the evaluation',
    print:
      'Print this page (Ctrl+P): the first page holds the link of the day to put up, the next ones the slips to cut out, one per participant.',
    added: (n) => `${count(n, 'en', 'code', 'codes')} added.`,
    fillBefore: (tenant, deadline) => `${tenant} — to fill in before ${deadline}.`,
    scan: 'Scan this QR code or open:',
    thenType: (anonymous) =>
      `then type the code printed on your slip.${anonymous ? ' The answers are anonymous.' : ''}`,
    add: 'Add codes',
    table1: 'Table',
    count: (max) => `Number of codes (1 to ${max})`,
    submit: 'Add the codes',
    none: 'No code yet: add some for each table.',
  },
};
