import { commandText } from '../commands';
import { cliDate, count, plural } from '../format';
import type { CliWords } from './cli-fr';
import { ROUND_STATUS_EN } from './en';

/**
 * CLI_FR's words in English (catalogue/cli-fr.ts), for `concerto …` run with
 * CONCERTO_LOCALE=en. The type refuses a missing key or a different parameter. Words of the
 * domain stay French in English too: avis, enjeu(x), Caf, agrément, and the command names.
 */

const roundKind = (survey: boolean) => (survey ? 'Evaluation' : 'Consultation');

export const CLI_EN: CliWords = {
  locale: 'en',
  roundStatus: ROUND_STATUS_EN,
  date: (d, timezone) => cliDate(d, timezone, 'en'),
  written: (files) => `Written: ${files.join(', ')}`,

  program: {
    description:
      'Concerto: partner consultations on the AVS schéma directeur and agrément reminders',
    caf: 'code of the Caf concerned (default: DEFAULT_TENANT, 94)',
    help: 'display help',
    helpCommand: 'display help for a command',
    helpCommandName: 'help [command]',
    afterError: '(concerto --help for help)',
    exitCodes: [
      '',
      'Exit code:',
      '  0  done (saved)',
      '  1  refused, or database unreachable: nothing was saved',
      '  2  invalid configuration: nothing was done',
      '  3  saved in part (agrements import --skip-invalid: refused lines left out)',
      '  4  unexpected error: check what was saved (LOG_LEVEL=debug for the details)',
    ].join('\n'),
    error: (text) => `Error: ${text}`,
    deferred: (d) => {
      const parts: string[] = [];
      if (d.deliveries > 0)
        parts.push(
          d.deliveries > 1
            ? `the ${d.deliveries} messages will be sent`
            : 'the message will be sent',
        );
      if (d.reminders > 0)
        parts.push(
          d.reminders > 1 ? 'the reminders will be scheduled' : 'the reminder will be scheduled',
        );
      return (
        `Warning: Redis is unreachable. It is saved; ${parts.join(' and ')} ` +
        'when Redis is reachable again (the worker takes them up from the database).'
      );
    },
    redisUnreachable:
      'Error: Redis is unreachable (REDIS_URL). Nothing was changed; try again when it answers.',
    databaseUnreachable:
      'Error: the database is unreachable (DATABASE_URL). Nothing was saved; ' +
      'check that PostgreSQL is running and reachable, then try again.',
    databaseMissing: (name) =>
      `Error: the database "${name}" does not exist on the server ` +
      '(DATABASE_URL). Nothing was saved. Create it and apply the migrations with: ' +
      'concerto db migrate',
    databaseAccessDenied:
      'Error: PostgreSQL refuses the connection: the user or password of ' +
      'DATABASE_URL is wrong, or has no access to this database. Nothing was saved; ' +
      'fix DATABASE_URL, then try again.',
    databaseNotMigrated: (name) =>
      `Error: the database "${name}" is not initialised ` +
      '(its tables are missing). Nothing was saved. Apply the migrations with: ' +
      'concerto db migrate',
    unexpected:
      'Unexpected error: the command did not complete. Run it again with LOG_LEVEL=debug to ' +
      'see the details, and report it if it happens again.',
  },

  commander: {
    unknownCommand: (c) => `Error: unknown command "${c}".`,
    unknownOption: (o) => `Error: unknown option "${o}".`,
    requiredOption: (o) => `Error: the required option ${o} is missing.`,
    missingArgument: (a) => `Error: the argument "${a}" is missing.`,
    invalidChoice: (o, v, c) => `Error: "${v}" is not a possible value of ${o} (values: ${c}).`,
    optionMissingValue: (o) => `Error: the option ${o} expects a value.`,
    tooManyArguments: (c, expected, got) =>
      `Error: too many arguments${c ? ` for "${c}"` : ''} (${expected} expected, ${got} given).`,
    didYouMean: '(Did you mean $1?)',
    usage: 'Usage: ',
    options: 'Options:',
    commands: 'Commands:',
    arguments: 'Arguments:',
    defaultOpen: '(default: ',
    choicesOpen: '(choices: ',
    optionsPlaceholder: '[options]',
    commandPlaceholder: '[command]',
    choices: (list) => `choices: ${list}`,
    default: (value) => `default: ${value}`,
    separator: '; ',
  },

  fileProblem: {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EISDIR: 'it is a directory, not a file',
    EEXIST: 'a file already has this name',
  },

  progress: {
    phases: {
      read: 'Reading the file',
      check: 'Checking',
      write: 'Writing',
      plan: 'Renewal reminders',
    },
    numberLocale: 'en-GB',
    lines: (n, text) => `${text} ${plural(n, 'en', 'line', 'lines')}`,
    megabytes: (text) => `${text} MB`,
    kilobytes: (text) => `${text} kB`,
    bytes: ' bytes',
    phaseDone: (phase, amount, seconds) => `${phase}: ${amount} in ${seconds} s.`,
  },

  db: {
    description: 'Database',
    migrate:
      'Creates the database if needed and applies the migrations (compatible with prisma migrate deploy)',
    created: 'Database created.',
    applied: (names) => `Migrations applied: ${names.join(', ')}.`,
    upToDate: (n) =>
      `Database up to date (${count(n, 'en', 'migration already applied', 'migrations already applied')}).`,
  },

  seed: {
    description: 'Demonstration data',
    demo: 'Loads the demonstration Caf du Val-de-Marne: partners, 47 communes, agréments, draft v1, evaluation grid',
    ready: (r) =>
      [
        `Demonstration Caf "${r.tenant.name}" (code ${r.tenant.code}) ready.`,
        `  communes: ${r.communes}`,
        `  partners: ${count(r.partners.created, 'en', 'created', 'created')}, ${count(r.partners.present, 'en', 'already present', 'already present')}`,
        `  partner communes: ${count(r.communeOrgs.created, 'en', 'created', 'created')}, ${count(r.communeOrgs.present, 'en', 'already present', 'already present')}`,
        `  agréments: ${count(r.agrements.created, 'en', 'imported', 'imported')}, ${count(r.agrements.present, 'en', 'already present', 'already present')}, ${count(r.agrements.reminders, 'en', 'reminder scheduled', 'reminders scheduled')}`,
        `  draft: "${r.draft.title}", version ${r.draft.version}${r.draft.created ? '' : ' (already imported)'}`,
        `  evaluation grid: "${r.grid.title}" (${r.grid.code})${r.grid.unchanged ? ' (already imported)' : ''}`,
        `  pilot: ${r.pilot} (web console: ${r.console}/console; sign-in link: concerto console link ${r.pilot})`,
      ].join('\n'),
  },

  tenant: {
    description: 'Caf (tenant)',
    create: 'Creates a Caf, or updates its name if the code exists',
    code: 'code of the Caf, for example 94',
    nameFlags: '--name <name>',
    name: 'name, for example "Caf du Val-de-Marne"',
    timezoneFlags: '--timezone <zone>',
    timezone: 'time zone',
    saved: (created, name, code) =>
      `${created ? 'Caf created' : 'Caf updated'}: ${name} (code ${code}).`,
  },

  teams: {
    description:
      'Microsoft 365 tenants whose Teams users may talk to the bot for this Caf (none: TEAMS_TENANT_ID)',
    add: 'Registers a tenant (Entra directory ID, a GUID)',
    labelFlags: '--label <name>',
    label: 'whom it belongs to, for example "Conseil départemental"',
    added: (id, label) => `Microsoft 365 tenant registered: ${id}${label ? ` (${label})` : ''}.`,
    remove: 'Removes a tenant',
    removed: (removed, id) =>
      removed ? `Tenant removed: ${id}.` : `This tenant was not registered: ${id}.`,
    list: 'The registered tenants',
    none: (fallback) =>
      `No tenant registered: only TEAMS_TENANT_ID${fallback ? ` (${fallback})` : ''} is accepted.`,
  },

  orgs: {
    description: 'Partner organisations',
    import:
      'Imports the organisations of a CSV (code,name,kind,commune_insee[,email]); nothing is imported if a line is invalid',
    imported: (r) =>
      `Organisations: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.`,
    contacts: (added, removed) => `E-mail contacts: ${added} added, ${removed} removed.`,
    list: 'Lists the organisations of the Caf',
    kind: 'only this kind',
    line: (o) =>
      `${o.code.padEnd(14)} ${o.kind.padEnd(13)} ${o.name} (${count(o.members, 'en', 'member', 'members')}, ${count(o.channels, 'en', 'channel', 'channels')})`,
    total: (n) => `${count(n, 'en', 'organisation', 'organisations')}.`,
  },

  contacts: {
    description: 'E-mail contacts of the organisations (titular and deputies)',
    add: 'Adds a contact: it receives by e-mail the consultations its organisation is invited to',
    nameFlags: '--nom <name>',
    name: 'name of the contact ("Mme Durand, directrice")',
    titular: 'titular contact (the previous titular becomes a deputy)',
    deputy: 'deputy contact (the default, except for the first contact)',
    role: (titular) => (titular ? 'titular' : 'deputy'),
    added: (created, role, org, code, email) =>
      created
        ? `Contact (${role}) added to ${org} (${code}): ${email}.`
        : `${email} was already a contact of ${org} (${code}): ${role}, updated.`,
    remove: 'Removes a contact: it receives nothing any more; its past avis remain',
    removed: (org, code, email) => `Contact removed from ${org} (${code}): ${email}.`,
    revoke:
      'Withdraws the voting links already sent to this contact (the next e-mails carry new ones)',
    revoked: (email, org) =>
      `Voting links withdrawn for ${email} (${org}): they no longer allow voting.`,
    list: 'Lists the contacts (of every organisation, or of one)',
    none: 'No contact.',
    total: (n) => `${count(n, 'en', 'contact', 'contacts')}.`,
  },

  invite: {
    description: 'Invitation codes',
    create: 'Creates a single-use code to give to an organisation (shown only once)',
    org: 'organisation (required for a partner)',
    roleFlags: '--role <role>',
    role: 'role given',
    days: 'days of validity',
    code: (code) => `Code: ${code}`,
    observer: 'an observer of the Caf',
    pilot: 'a pilot of the Caf',
    valid: (who, until) => `For ${who}, valid until ${until}.`,
    join: `In Slack: ${commandText('slack', 'rejoindre <code>', 'en')}; in Teams: ${commandText('teams', 'rejoindre <code>', 'en')}.`,
  },

  round: {
    description: 'Consultations',
    create:
      'Prepares a consultation on a version of the draft (--version), or an evaluation on a grid (--grid)',
    version: 'version of the draft (a consultation)',
    grid: 'evaluation grid (an evaluation: concerto grid list)',
    perFlags: '--per <who>',
    per: 'with --grid: one answer per "organisation" or per "personne" (person)',
    anonymous: 'with --grid --per personne: no name asked for or kept',
    launchNow: 'opens at once (like concerto round launch)',
    schemaFlags: '--schema <schema>',
    schema: 'schéma of this version: its number (draft list) or its period',
    deadline: 'deadline: "2026-12-11 17:00", "11/12/2026", "+10min", "+3j"',
    orgs: 'invited organisations: all (the default), or codes separated by commas; optional for an evaluation per person',
    kinds: 'with --orgs all only: these kinds (commas); refused with a list of codes',
    remindersFlags: '--rappels <list>',
    reminders: 'reminders before the deadline, for example 7j,2j,matin',
    silence: 'no answer counts as a favourable avis (consultation)',
    resultsFlags: '--resultats <when>',
    results: 'results visible to partners',
    created: (o) =>
      `Consultation no. ${o.number} prepared: ${count(o.invited, 'en', 'organisation invited', 'organisations invited')}, ${count(o.enjeux, 'en', 'enjeu', 'enjeux')}, deadline ${o.deadline}.`,
    launchIt: (n) => `Launch it with: concerto round launch ${n}`,
    launch: 'Opens the consultation: invitations sent, reminders and closing scheduled',
    launched: (survey, n, invitations, reminders) =>
      `${roundKind(survey)} no. ${n} open: ${count(invitations, 'en', 'invitation', 'invitations')} queued for sending, ${count(reminders, 'en', 'due date scheduled', 'due dates scheduled')} (reminders and closing).`,
    list: 'Lists the consultations',
    listLine: (o) =>
      `no. ${o.number}  ${o.status.padEnd(14)} ${o.version !== undefined ? `v${o.version}` : `grid ${o.grid ?? '?'}`}  ${o.invited} invited  deadline ${o.deadline}`,
    none: 'No consultation.',
    status: 'Participation per enjeu and organisations without an answer',
    statusHeading: (survey, n, status, deadline) =>
      `${roundKind(survey)} no. ${n} — ${status} — deadline ${deadline}`,
    draftHeading: (title, version) => `"${title}", version ${version}`,
    answeredEverything: (text) => `Organisations that answered everything: ${text}`,
    bySilence: (codes) => `   favourable by silence: ${codes.join(', ')}`,
    missing: (codes, more) =>
      `   no answer: ${codes.join(', ')}${more > 0 ? ` and ${more} others` : ''}`,
    close:
      'Closes the consultation and sends the results (applies "silence counts as a favourable avis" if planned)',
    closed: (n, text) => `Consultation no. ${n} closed: ${text}`,
    implicit: (n) => `${count(n, 'en', 'favourable avis', 'favourable avis')} by lack of answer.`,
    resultsQueued: (n) =>
      `${count(n, 'en', 'results message', 'results messages')} queued for sending.`,
    deadlineCommand: 'Changes the deadline; reminders and closing are rescheduled',
    deadlineChanged: (survey, n, deadline, planned, cancelled) =>
      `${roundKind(survey)} no. ${n}: new deadline ${deadline}; ${count(planned, 'en', 'due date rescheduled', 'due dates rescheduled')}, ${count(cancelled, 'en', 'cancelled', 'cancelled')}.`,
    cancel: 'Cancels a consultation in preparation or open',
    cancelled: (survey, n) => `${roundKind(survey)} no. ${n} cancelled.`,
    remind: 'Reminds now the organisations that have not answered every enjeu',
    nobodyToRemind: (survey, n) =>
      survey
        ? `Evaluation no. ${n}: every organisation has finished, nobody to remind.`
        : `Consultation no. ${n}: every organisation has answered, nobody to remind.`,
    reminded: (survey, n, orgs, messages) =>
      `${roundKind(survey)} no. ${n}: ${count(orgs.length, 'en', 'organisation reminded', 'organisations reminded')} (${count(messages, 'en', 'message', 'messages')}): ${orgs.join(', ') || '—'}.`,
    notReachable: (orgs) => `No channel to reach them: ${orgs.join(', ')}.`,
    export:
      'Exports the results: CSV (one line per organisation and per enjeu), XLSX workbook, PDF, Markdown summary',
    exportFormats: (formats) => `${formats.join(', ')} (or a list: csv,md)`,
    outFlags: '--out <directory>',
    out: 'output directory',
  },

  avis: {
    description: 'Avis',
    record: 'Records the avis an organisation sent by post or by e-mail, on its behalf',
    round: 'consultation',
    org: 'organisation',
    enjeu: 'number of the enjeu, or "tous" (all)',
    avisFlags: '--avis <choice>',
    avis: 'favorable, favorable_avec_reserves, defavorable or abstention',
    commentFlags: '--commentaire <text>',
    comment: 'reason or comment (required for defavorable and reservations)',
    sourceFlags: '--source <text>',
    source: 'where the avis comes from, for example "letter of 3 December"',
    recorded: (org, enjeux, choice) =>
      `Avis recorded for ${org} on ${count(enjeux, 'en', 'enjeu', 'enjeux')}: ${choice} (entered on behalf of the organisation).`,
  },

  agrements: {
    description: 'Register of agréments',
    importFlags: 'import <file>',
    import:
      'Imports the register, Excel workbook (.xlsx) or CSV (columns structure_code, structure_name, kind, commune_insee, start_date, end_date); checks every line, in the file and against the database, before writing',
    skipInvalid: 'imports the accepted lines and reports the others',
    update: 'saves the name or commune of a known structure when the file gives other ones',
    dryRun: 'shows what the import would change, without writing anything',
    exitCodes: [
      '',
      'Exit codes:',
      '  0  the whole file is in the database (saved now or already present)',
      '  1  nothing was saved (refused lines without --skip-invalid, unreadable file…)',
      '  3  saved in part: refused lines were left out (--skip-invalid)',
      'With --dry-run, nothing is written and the code is the one the import would give.',
    ].join('\n'),
    excel: 'Excel workbook',
    csv: (encoding, separator) => `CSV ${encoding}, separator "${separator}"`,
    tab: 'tab',
    fileRead: (source, rows) =>
      `File read: ${source}, ${count(rows, 'en', 'data line', 'data lines')}.`,
    nameChange: (from, to) => `name "${from}" → "${to}"`,
    communeChange: (from, to) => `commune ${from ?? '(none)'} → ${to}`,
    structureUpdated: (line, code, would, what) =>
      `line ${line}: structure ${code} ${would ? 'would be updated' : 'updated'} (${what}).`,
    lineRefused: (line, message) => `line ${line} refused: ${message}`,
    dryRunResult: (r) =>
      `Dry run (--dry-run), nothing was saved. The import would give: ${count(r.created, 'en', 'agrément created', 'agréments created')}, ${count(r.structuresCreated, 'en', 'structure created', 'structures created')}, ${count(r.structuresUpdated, 'en', 'structure updated', 'structures updated')}, ${count(r.alreadyPresent, 'en', 'agrément unchanged', 'agréments unchanged')}, ${count(r.refused, 'en', 'line refused', 'lines refused')}.`,
    dryRunFix: 'Fix the refused lines, or run again with --skip-invalid to import the others.',
    result: (r) =>
      `Agréments: ${count(r.created, 'en', 'imported', 'imported')}, ${r.alreadyPresent} already present, ${count(r.refused, 'en', 'line refused', 'lines refused')}, ${count(r.structuresCreated, 'en', 'structure created', 'structures created')}, ${count(r.structuresUpdated, 'en', 'structure updated', 'structures updated')}, ${count(r.remindersPlanned, 'en', 'renewal reminder scheduled', 'renewal reminders scheduled')}.`,
    refusedSaved:
      'The refused lines were not imported: fix them then run the import again (the lines already imported will not be duplicated).',
    refusedNothingSaved: 'Nothing was saved: fix the refused lines then run the import again.',
    list: 'Lists the current agréments that end soon',
    endingWithinFlags: '--ending-within <duration>',
    endingWithin: 'ending within this time: 6m, 90j, 2s, 1a',
    noneEnding: (until) => `No current agrément ends by ${until}.`,
    ending: (n, until) =>
      `${count(n, 'en', 'agrément', 'agréments')} ${plural(n, 'en', 'ends', 'end')} by ${until}:`,
    period: (start, end, status) => `  from ${start} to ${end}, ${status}`,
    nextReminder: (label, when) => `  next reminder: ${label}, ${when}`,
    noReminder: '  no reminder scheduled',
    evaluation: (text) => `  evaluation: ${text}`,
    id: (id) => `  id: ${id}`,
  },

  agrement: {
    description: 'An agrément: record, renewal, closing, evaluation grid',
    showFlags: 'show <id-or-code>',
    show: 'Shows an agrément (by its id, or the latest of the structure by its code): period, next reminder and, if there is one, the evaluation sent to the structure and where its answers stand',
    grid: (step) =>
      `Chooses the evaluation grid the Caf sends of its own accord to each structure (centre social, EVS) reaching the step ${step} of the renewal calendar (8 months before the end of the agrément); its answers show next to the agrément. Without a code: shows the chosen grid; --aucune: sends none any more`,
    gridCommand: 'grille [code]',
    noneFlag: '--aucune',
    none: 'sends no grid any more at this step',
    step: (label) => `"${label}"`,
    notBoth: 'Give a grid code or --aucune, not both.',
    gridSent: (step, title, code) => `Grid sent at the step ${step}: "${title}" (${code}).`,
    noGridSent: (step) => `No grid is sent at the step ${step}.`,
    gridAttached: (title, code, step) =>
      `Grid "${title}" (${code}) attached to the agrément calendar: at the step ${step} (8 months before the end), each structure receives this grid to fill in, once per agrément, with the reminder.`,
    gridAnswers: 'Its answers: concerto agrement show <code of the structure>.',
    gridDetached: (step, previous) =>
      `No grid is sent any more at the step ${step}${previous ? ` (it was ${previous})` : ''}; the evaluations already sent remain.`,
    renew:
      'Records the renewal: new period, reminders of the old one cancelled, new reminders scheduled',
    until: 'last day of the new period: 2031-06-30 or 30/06/2031',
    renewed: (org, start, end) => `Agrément of ${org} renewed from ${start} to ${end}.`,
    renewedReminders: (cancelled, planned) =>
      `${count(cancelled, 'en', 'reminder of the old period cancelled', 'reminders of the old period cancelled')}, ${count(planned, 'en', 'scheduled', 'scheduled')}.`,
    newAgrement: (id) => `New agrément: ${id}`,
    end: 'Closes an agrément without renewal: its remaining reminders are cancelled',
    reasonFlags: '--motif <text>',
    reason: 'reason, kept in the journal',
    ended: (org, cancelled) =>
      `Agrément of ${org} closed; ${count(cancelled, 'en', 'reminder cancelled', 'reminders cancelled')}.`,
  },

  reminders: {
    description: 'Scheduled reminders',
    list: 'Lists the scheduled reminders (consultations and agréments)',
    dueWithinFlags: '--due-within <duration>',
    dueWithin: 'due within this time: 7j, 2s, 1m',
    none: (until) => `No reminder scheduled by ${until}.`,
    heading: (n, until) =>
      `${count(n, 'en', 'reminder scheduled', 'reminders scheduled')} by ${until}:`,
    roundSubject: (n) => `consultation no. ${n}`,
    late: ' (late: is the worker running?)',
    roundClose: 'Closing of the consultation',
    roundReminder: (spec) => `Reminder to the organisations without an answer (${spec})`,
  },

  queue: {
    description: 'Job queues (Redis)',
    failed: 'Deliveries and reminders that failed for good, with their reason',
    limit: 'maximum number shown',
    noFailure: 'No delivery or reminder failed for good.',
    failures: (n) => `${n} failed for good:`,
    attempts: (n) => `, ${count(n, 'en', 'attempt', 'attempts')}`,
    reason: (reason) => `  reason: ${reason}`,
    retryHint: 'To send again: concerto queue retry <id> (or --all).',
    orphans: (n) => `\n${count(n, 'en', 'job', 'jobs')} failed in Redis without a delivery:`,
    orphan: (queue, name, id, reason) => `• ${queue} / ${name} #${id} — reason: ${reason}`,
    redisUnreachable: '\n(Redis unreachable: the failed jobs of the queue are not listed.)',
    retry: 'Sends again deliveries (or runs again reminders) that failed for good',
    all: 'every failure of the Caf',
    nothingToRetry: 'No failure to send again.',
    deliveriesRequeued: (n) => `${count(n, 'en', 'delivery', 'deliveries')} queued again.`,
    remindersRequeued: (n) => `${count(n, 'en', 'reminder', 'reminders')} queued again.`,
  },

  evaluation: {
    description: 'Evaluations on a grid filled in once per person (event day, tables)',
    perOrganisation: 'one answer per organisation',
    perPerson: (anonymous) => `one answer per person${anonymous ? ', anonymous' : ''}`,
    created: (o) =>
      `Evaluation no. ${o.number} prepared on the grid "${o.grid}": ${o.mode}, ${count(o.invited, 'en', 'organisation invited', 'organisations invited')}, deadline ${o.deadline}.`,
    eventLinkAndCodes: (link, n) =>
      `Link of the day: ${link}; participant codes: concerto evaluation codes ${n} --table "Table 1" --nombre 8`,
    state: (state, filled, total) =>
      state === 'finished'
        ? 'finished'
        : state === 'draft'
          ? `draft (${filled} of ${total} ${plural(total, 'en', 'cell', 'cells')})`
          : 'nothing',
    gridHeading: (title, code, mode) => `Grid "${title}" (${code}), ${mode}`,
    organisationsFinished: (finished, invited, started) =>
      `Finished: ${finished} of ${invited}; started: ${started}`,
    organisationLine: (code, name, state) => `  ${code}  ${name}: ${state}`,
    answersFinished: (finished, started) => `Answers finished: ${finished}; started: ${started}`,
    eventLink: (link) => `Link of the day: ${link}`,
    noCodes: (n) =>
      `No participant code: concerto evaluation codes ${n} --table "Table 1" --nombre 8`,
    noTable: '(no table)',
    tableLine: (t) =>
      `  ${t.table}: ${count(t.codes, 'en', 'code', 'codes')}, ${t.joined} used, ${t.started} in progress, ${t.finished} finished`,
    codes:
      'Draws participant codes for a table; each participant opens the link of the day and types their own',
    tableFlags: '--table <name>',
    table: 'the table, for example "Table 3"',
    countFlags: '--nombre <n>',
    count: 'how many codes',
    codesDrawn: (n, table, codes) =>
      `Evaluation no. ${n}, ${table}: ${count(codes, 'en', 'code drawn', 'codes drawn')}.`,
    participants: 'The participants, table by table, and where each one stands',
    participantsHeading: (n, participants, link) =>
      `Evaluation no. ${n}: ${count(participants, 'en', 'participant', 'participants')}; link of the day: ${link}`,
    participantState: { finished: 'finished', draft: 'in progress', not_started: 'not started' },
    codeUnused: '  (code not used yet)',
  },

  drafts: {
    description: 'Drafts of the schéma directeur',
    importFlags: 'import <file>',
    import:
      'Imports a version of the draft: a Word document (.docx: title in style "Heading 1", one enjeu per "Heading 2") or a Markdown file (header caf/title/period/version, one enjeu per ## heading)',
    periodFlags: '--period <period>',
    period:
      'Word document: period of the schéma, for example 2026-2030 (otherwise the document\'s "Période" property)',
    version: 'Word document: number of the version (otherwise the document\'s "Version" property)',
    imported: (o) =>
      `${o.created ? 'Version imported' : 'Version already imported, unchanged'}: "${o.title}", version ${o.version} of schéma no. ${o.schema} (${o.period}), ${count(o.enjeux, 'en', 'enjeu', 'enjeux')}:`,
    markdownNote:
      'Note: --period and --version only serve Word documents; the Markdown header was followed.',
    list: 'Lists the schémas and their imported versions',
    none: 'No draft imported (concerto draft import <file>).',
    schema: (label) => `Schéma ${label}`,
    schemaLabel: (s) => `no. ${s.number} "${s.title}" (${s.period})`,
    listLine: (version, title, enjeux) =>
      `  v${version}  ${title} — ${count(enjeux, 'en', 'enjeu', 'enjeux')}`,
    showFlags: 'show <schema-or-version> [version]',
    show: 'Shows a version: "draft show <schema> <version>", or "draft show <version>" if only one schéma has this number',
    schemaFlags: '--schema <schema>',
    schemaOption: 'number of the schéma (see draft list) or its period',
    heading: (title, version) => `"${title}", version ${version}`,
    details: (o) =>
      `Schéma no. ${o.schema}, period ${o.period}; imported on ${o.importedAt.toLocaleDateString('en-GB', { timeZone: 'Europe/Paris' })}; ${count(o.enjeux, 'en', 'enjeu', 'enjeux')}.`,
  },

  grids: {
    description: 'Evaluation grids (departmental event day): levels × questions',
    importFlags: 'import <file>',
    import:
      'Imports a grid (YAML: code, title, questions, levels, rating; or Markdown: header and a table)',
    freeOnly: 'free contribution only',
    allRated: (steps) => `all rated on ${steps} steps`,
    someRated: (rated, steps) => `${count(rated, 'en', 'rated', 'rated')} on ${steps} steps`,
    size: (levels, questions, cells, rating) =>
      `${count(levels, 'en', 'level', 'levels')} × ${count(questions, 'en', 'question', 'questions')}, ${count(cells, 'en', 'cell', 'cells')} (${rating})`,
    outcome: {
      created: 'Grid imported',
      updated: 'Grid replaced',
      unchanged: 'Grid already imported, unchanged',
    },
    imported: (what, title, code, size) => `${what}: "${title}" (${code}), ${size}.`,
    list: 'Lists the grids of the Caf',
    none: 'No grid: import one with concerto grid import <file>.',
    listLine: (code, title, size) => `${code}  "${title}"  ${size}`,
    show: 'Shows a grid: its questions, its levels and its rating scale',
    heading: (title, code) => `"${title}" (${code})`,
    questions: '\nQuestions (columns):',
    rated: ' [rated]',
    levels: 'Levels (rows):',
    ratingScale: 'Rating scale:',
    cellHelp: 'Cell prompts:',
  },

  slack: {
    description: 'Slack installations (OAuth)',
    reencrypt:
      'Encrypts with CONCERTO_ENCRYPTION_KEY the Slack installations stored in clear or encrypted with an old key (CONCERTO_ENCRYPTION_OLD_KEYS)',
    reencrypted: (n, keyId, unchanged) =>
      `Slack installations: ${count(n, 'en', 'encrypted', 'encrypted')} with the key ${keyId}, ${unchanged} already up to date.`,
  },

  oidc: {
    description:
      "The Caf's identity provider (OpenID Connect) for the pilots' sign-in to the console",
    set: 'Configures (or replaces) the identity provider of the Caf: "Sign in with …" on /console/connexion?caf=<code>',
    issuer: "the issuer's address (https://…), the one of its discovery",
    clientId: 'identifier of the Concerto client at the provider',
    secretEnv:
      'name of the environment variable holding the client secret (never the secret itself)',
    seal: 'reads the secret now and keeps it encrypted in the database (CONCERTO_ENCRYPTION_KEY) instead of reading the variable again at each sign-in',
    nameFlags: '--nom <name>',
    name: 'name of the provider on the button (default: its domain name)',
    configured: (label, issuer) => `Identity provider configured: ${label} (${issuer}).`,
    secret: (secret) => `Client secret: ${secret}.`,
    callbackToDeclare: (url) =>
      `Callback address to declare at the provider: ${url}/console/connexion/oidc/retour`,
    show: 'Shows the identity provider of the Caf (without its secret)',
    provider: (label) => `Provider: ${label}`,
    issuerLine: (issuer) => `Issuer: ${issuer}`,
    client: (id) => `Client: ${id}`,
    secretLine: (secret) => `Client secret: ${secret}`,
    callback: (url) => `Callback address: ${url}/console/connexion/oidc/retour`,
    remove: 'Removes the identity provider: pilots sign in by a link received by e-mail',
    removed: 'Identity provider removed: sign-in by a link received by e-mail only.',
  },

  pilots: {
    description: 'Pilots of the Caf: they sign in to the web console (/console) by e-mail',
    add: 'Adds a pilot with their address (or makes pilot the member who has it already): they can ask for a sign-in link on /console/connexion',
    nameFlags: '--nom <name>',
    name: 'name shown ("Mme Martin, chargée de mission AVS")',
    saved: (created, name, email, url) =>
      `${created ? 'Pilot added' : 'Pilot updated'}: ${name} <${email}>. Sign-in: ${url}/console`,
    list: 'Lists the pilots of the Caf and their address',
    noAddress: '(no address)',
    none: 'No pilot.',
    total: (n) => `${count(n, 'en', 'pilot', 'pilots')}.`,
    console: "The pilots' web console",
    link: 'Shows a sign-in link to the console for this pilot (15 minutes, single use), without e-mailing it',
    linkFor: (name) => `Sign-in link for ${name} (valid 15 minutes, once):`,
  },

  processes: {
    web: 'Starts the HTTP server (Slack, Teams, tab, health, queue dashboard)',
    worker: 'Starts the worker: deliveries, reminders, automatic closings, sweep, weekly summary',
    all: 'HTTP server and worker in one process (local use)',
  },

  suivi: {
    description:
      'Follow-up given to the avis (reservations, unfavourable, comments) of a closed consultation',
    list: 'Lists the avis that call for a follow-up, with the follow-up recorded or "to do"',
    heading: (n, status, title, version) =>
      `Consultation no. ${n} (${status}): ${title}, version ${version}`,
    none: 'No avis with reservations, unfavourable or commented: no follow-up to give.',
    item: (enjeu, code, name, choice) => `Enjeu ${enjeu} · ${code} (${name}) · ${choice}`,
    comment: (text) => `  Comment: ${text}`,
    response: (text) => `  Response: ${text}`,
    justification: (text) => `  Justification: ${text}`,
    nextEnjeu: (text) => `  Next enjeu: ${text}`,
    nextEnjeuText: (e) => `version ${e.version}, enjeu ${e.position}: ${e.title}`,
    toDo: '  Response: to do',
    allDone: (n) => `${count(n, 'en', 'avis', 'avis')}: every follow-up is recorded.`,
    pending: (n, pending) =>
      `${count(n, 'en', 'avis', 'avis')}, ${pending} of them without a recorded follow-up.`,
    notClosed: 'Follow-ups are recorded once the consultation is closed.',
    set: "Records (or replaces) the follow-up given to an organisation's avis on an enjeu",
    org: 'organisation',
    enjeu: 'number of the enjeu in the version of the consultation',
    responseFlags: '--reponse <response>',
    responseOption: 'retenue, partielle, non-retenue or sans-objet',
    justificationFlags: '--justification <text>',
    justificationOption: (max) =>
      `what the Caf did with the avis, and why (${max} characters at most)`,
    nextEnjeuOption:
      'enjeu of the next version that answers it: 3, or 2.3 for enjeu 3 of version 2',
    recorded: (o) =>
      `${o.replaced ? 'Follow-up replaced' : 'Follow-up recorded'}: consultation no. ${o.round}, enjeu ${o.enjeu}, ${o.org} — ${o.response}${o.next ? ` (${o.next})` : ''}.`,
  },
};
