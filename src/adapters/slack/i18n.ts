import { avisLabels } from '../../domain/avis';
import { textOf } from '../../domain/errors';
import type { Locale } from '../../domain/types';
import { commandText } from '../../domain/commands';
import { count, plural } from '../../domain/format';
import { answeredEverything } from '../../domain/round-messages';
import { chatWords } from '../../domain/chat-words';

/** Slack's user locale (`en-US`, `fr-FR`…) → ours: shared with Teams, in src/domain/locale.ts. */
export { localeOf } from '../../domain/locale';

/** The slash command, as declared in manifests/slack/manifest.yml (src/domain/commands.ts). */
export { SLASH_COMMAND } from '../../domain/commands';
const join = (locale: Locale) => commandText('slack', 'rejoindre <code>', locale);

const fr = {
  help: [
    '*Concerto* : consultations des partenaires sur le schéma directeur AVS.',
    '',
    '*Partenaires*',
    '• `/concerto rejoindre <code>` : relier votre compte et ce canal à votre organisation (code reçu de la Caf)',
    '• `/concerto consultations` : les consultations ouvertes pour votre organisation',
    '• `/concerto statut [consultation]` : les résultats, une fois la consultation close (ou pendant, si la Caf l’a prévu)',
    '',
    '*Pilotes de la Caf*',
    '• `/concerto lancer` : lancer une consultation sur une version du projet',
    '• `/concerto statut [consultation]` : participation par enjeu et organisations sans réponse',
    '• `/concerto relancer [consultation]` : relancer maintenant les organisations sans réponse',
    '• `/concerto clore [consultation]` : clore la consultation et publier les résultats',
    '• `/concerto exporter [consultation]` : classeur Excel, synthèse PDF, CSV et synthèse Markdown',
    '• `/concerto agrements` : agréments qui arrivent à échéance dans les 6 mois',
    '• `/concerto suivi <consultation>` : enregistrer la suite donnée à une réserve, un avis défavorable ou un commentaire (consultation close)',
    '',
    '`/concerto aide` : cette aide.',
  ].join('\n'),
  unknownCommand: (sub: string) =>
    `Je ne connais pas la commande « ${sub} ». Voici ce que je sais faire :`,
  missingArgument: (usage: string) => `Il manque un argument. Utilisation : \`${usage}\``,
  genericError: (id: string) =>
    `Désolé, quelque chose s'est mal passé de notre côté. Si cela se reproduit, transmettez cette référence à la Caf : ${id}`,
  followupModalTitle: 'Suites aux avis',
  save: 'Enregistrer',
  followupIntro: (n: number, title: string) =>
    `Consultation n° ${n} : ${title}. Choisissez l'avis, puis ce que la Caf en a fait et pourquoi ; enregistrer à nouveau remplace la suite.`,
  followupAvis: 'Avis',
  followupPending: 'à faire',
  followupResponse: 'Réponse de la Caf',
  followupJustification: 'Justification',
  followupJustificationHint:
    "Ce que la Caf a fait de l'avis, et pourquoi (2000 caractères au plus).",
  followupNext: 'Enjeu de la version suivante qui y répond (facultatif)',
  followupNone: (n: number) =>
    `Consultation n° ${n} : aucun avis avec réserves, défavorable ou commenté, aucune suite à donner.`,
  followupSaved: (n: number, position: number, org: string, response: string) =>
    `Suite enregistrée — consultation n° ${n}, enjeu ${position}, ${org} : ${response}.`,
  cancel: 'Annuler',
  enjeu: (position: number) => `Enjeu ${position}`,
  choices: avisLabels('fr'),
  truncated: (hidden: number) =>
    `… ${count(hidden, 'fr', 'élément non affiché', 'éléments non affichés')} ici : ouvrez le projet complet.`,
  textTruncated: '… (texte tronqué)',
  launchDraftVersion: 'Version du projet',
  launchReminders:
    'Relances (jours avant la date limite, séparés par des virgules ; 0 = le matin même)',
  launchOptions: 'Options',
  homePartnerTitle: 'Vos consultations',
  homePilotTitle: 'Consultations en cours',
  homeAgrementsTitle: 'Agréments à échéance dans les 6 mois',
  homeNoRounds: 'Aucune consultation ouverte.',
  homeNoAgrements: 'Aucun agrément à échéance.',
  homeNotLinked: `Votre compte n'est relié à aucune organisation. Tapez ${join('fr')} avec le code reçu de la Caf.`,
  homeLeft: (left: number, total: number) =>
    left === 0
      ? `Complet (${total}/${total} ${plural(total, 'fr', 'enjeu', 'enjeux')})`
      : `${count(left, 'fr', 'enjeu', 'enjeux')} sur ${total} sans avis`,
  homeDeadline: (d: string) => `Date limite : ${d}`,
  homeNotAnswered: (names: string) => `Sans réponse : ${names}`,
  giveAvis: 'Donner notre avis',
  // The forms' refusals are the catalogue's (src/domain/catalogue), as on every channel.
  remindersInvalid: textOf('REMINDER_DAYS_INVALID', undefined, 'fr'),
  required: textOf('FIELD_REQUIRED', undefined, 'fr'),
  genericFormError: (id: string) => `Enregistrement impossible pour le moment. Référence : ${id}`,
  openRoundTitle: (number: number, title: string, version: number) =>
    `N° ${number} : ${title} (version ${version})`,
  openRoundAnswered: (deadline: string, answered: number, total: number) =>
    `Date limite : ${deadline}. Votre organisation a répondu à ${count(answered, 'fr', 'enjeu', 'enjeux')} sur ${total}.`,
  openRoundTally: (deadline: string, complete: number, invited: number) =>
    `Date limite : ${deadline}. ${answeredEverything(complete, invited, 'fr')}`,
  giveAvisNumbered: (number: number) => `Donner notre avis (n° ${number})`,
  avisRecorded: (o: {
    organisation: string;
    saved: number;
    round: number;
    done: number;
    total: number;
    until: string;
  }) =>
    `Avis enregistré pour ${o.organisation} sur ${count(o.saved, 'fr', 'enjeu', 'enjeux')} de la consultation n° ${o.round}. Votre organisation a répondu à ${count(o.done, 'fr', 'enjeu', 'enjeux')} sur ${o.total}${o.done < o.total ? '' : ' : merci'}. Vous pouvez modifier cet avis jusqu'au ${o.until}.`,
  welcomeChannel: `Bonjour ! Je suis Concerto, l'outil de consultation de la Caf. Pour recevoir ici les consultations de votre organisation, tapez ${join('fr')} avec le code reçu de la Caf.`,
};

const en: typeof fr = {
  help: [
    '*Concerto*: partner consultations on the AVS schéma directeur.',
    '',
    '*Partners*',
    '• `/concerto rejoindre <code>`: link your account and this channel to your organisation (code from the Caf)',
    '• `/concerto consultations`: open consultations for your organisation',
    '• `/concerto statut [round]`: the results, once the consultation is closed (or during it, if the Caf chose so)',
    '',
    '*Caf pilots*',
    '• `/concerto lancer`: launch a consultation on a draft version',
    '• `/concerto statut [round]`: participation per enjeu and organisations that have not answered',
    '• `/concerto relancer [round]`: remind the organisations that have not answered, now',
    '• `/concerto clore [round]`: close the consultation and publish the results',
    '• `/concerto exporter [round]`: Excel workbook, PDF synthesis, CSV and Markdown synthesis',
    '• `/concerto agrements`: agréments ending within 6 months',
    '• `/concerto suivi <round>`: record what the Caf did with a reservation, an unfavourable avis or a comment (closed round)',
    '',
    '`/concerto aide`: this help.',
  ].join('\n'),
  unknownCommand: (sub: string) => `I don't know the command "${sub}". Here is what I can do:`,
  missingArgument: (usage: string) => `An argument is missing. Usage: \`${usage}\``,
  genericError: (id: string) =>
    `Sorry, something went wrong on our side. If it happens again, give this reference to the Caf: ${id}`,
  followupModalTitle: 'Follow-up of avis',
  save: 'Save',
  followupIntro: (n: number, title: string) =>
    `Round ${n}: ${title}. Choose the avis, then what the Caf did with it and why; saving again replaces the follow-up.`,
  followupAvis: 'Avis',
  followupPending: 'to do',
  followupResponse: 'The Caf’s response',
  followupJustification: 'Justification',
  followupJustificationHint: 'What the Caf did with the avis, and why (2,000 characters at most).',
  followupNext: 'Enjeu of the next version that answers it (optional)',
  followupNone: (n: number) =>
    `Round ${n}: no avis with reservations, unfavourable or commented; no follow-up to give.`,
  followupSaved: (n: number, position: number, org: string, response: string) =>
    `Follow-up saved — round ${n}, enjeu ${position}, ${org}: ${response}.`,
  cancel: 'Cancel',
  enjeu: (position: number) => `Enjeu ${position}`,
  choices: avisLabels('en'),
  truncated: (hidden: number) =>
    `… ${count(hidden, 'en', 'more item', 'more items')} not shown here: open the full draft.`,
  textTruncated: '… (text truncated)',
  launchDraftVersion: 'Draft version',
  launchReminders: 'Reminders (days before the deadline, comma-separated; 0 = that morning)',
  launchOptions: 'Options',
  homePartnerTitle: 'Your consultations',
  homePilotTitle: 'Open consultations',
  homeAgrementsTitle: 'Agréments ending within 6 months',
  homeNoRounds: 'No open consultation.',
  homeNoAgrements: 'No agrément ending soon.',
  homeNotLinked: `Your account is not linked to any organisation. Type ${join('en')} with the code from the Caf.`,
  homeLeft: (left: number, total: number) =>
    left === 0
      ? `Complete (${total}/${total} ${plural(total, 'en', 'enjeu', 'enjeux')})`
      : `${left} of ${count(total, 'en', 'enjeu', 'enjeux')} without an avis`,
  homeDeadline: (d: string) => `Deadline: ${d}`,
  homeNotAnswered: (names: string) => `Not answered: ${names}`,
  giveAvis: 'Give our avis',
  remindersInvalid: textOf('REMINDER_DAYS_INVALID', undefined, 'en'),
  required: textOf('FIELD_REQUIRED', undefined, 'en'),
  genericFormError: (id: string) => `Cannot save right now. Reference: ${id}`,
  openRoundTitle: (number: number, title: string, version: number) =>
    `No. ${number}: ${title} (version ${version})`,
  openRoundAnswered: (deadline: string, answered: number, total: number) =>
    `Deadline: ${deadline}. Your organisation has answered ${answered} of ${count(total, 'en', 'enjeu', 'enjeux')}.`,
  openRoundTally: (deadline: string, complete: number, invited: number) =>
    `Deadline: ${deadline}. ${complete} of ${count(invited, 'en', 'organisation', 'organisations')} answered every enjeu.`,
  giveAvisNumbered: (number: number) => `Give our avis (no. ${number})`,
  avisRecorded: (o) =>
    `Avis recorded for ${o.organisation} on ${count(o.saved, 'en', 'enjeu', 'enjeux')} of consultation no. ${o.round}. Your organisation has answered ${o.done} of ${count(o.total, 'en', 'enjeu', 'enjeux')}${o.done < o.total ? '' : ': thank you'}. You can change this avis until ${o.until}.`,
  welcomeChannel: `Hello! I am Concerto, the Caf's consultation tool. To receive your organisation's consultations here, type ${join('en')} with the code from the Caf.`,
};

export type SlackStrings = typeof fr;

/**
 * The Slack-only words of the Caf's side, in French (pilots): the export's files. The words
 * Teams says too are the domain's (domain/chat-words.ts); refusals are the catalogue's.
 */
export const CAF_SLACK = {
  /** `said`: what was posted, in order (« le classeur Excel », « la synthèse PDF »…). */
  exportPosted: (n: number, said: string[]) =>
    `${chatWords('fr').exportTitle(n)} : ${said.length > 1 ? `${said.slice(0, -1).join(', ')} et ${said.at(-1)} sont déposés` : `${said[0] ?? ''} est déposé`} dans ce canal.`,
  /** Each export file as posted: its name's suffix, its title, how the message names it. */
  exportFiles: {
    xlsx: {
      suffix: '.xlsx',
      title: (n: number) => `Classeur des résultats — consultation n° ${n}`,
      said: 'le classeur Excel',
    },
    pdf: {
      suffix: '.pdf',
      title: (n: number) => `Synthèse PDF — consultation n° ${n}`,
      said: 'la synthèse PDF',
    },
    csv: {
      suffix: '-avis.csv',
      title: (n: number) => `Avis — consultation n° ${n}`,
      said: 'le CSV (une ligne par organisation et par enjeu)',
    },
    md: {
      suffix: '-synthese.md',
      title: (n: number) => `Synthèse — consultation n° ${n}`,
      said: 'la synthèse Markdown',
    },
  },
};

export function strings(locale: Locale): SlackStrings {
  return locale === 'en' ? en : fr;
}
