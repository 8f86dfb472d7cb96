import { count, plural } from '../../domain/format';
import type { Locale } from '../../domain/types';
import { avisLabels } from '../../domain/avis';

export { localeOf } from '../../domain/locale';

/**
 * What a partner reads in Teams, in French and in English (`localeOf(activity.locale)`). The
 * pilots' answers and the round messages posted in conversations are the Caf's, in French.
 * Words of the domain stay French in English too: avis, enjeu(x), Caf, and the command names.
 * The four avis are the domain's (src/domain/avis.ts), as in Slack; refusals are the catalogue's
 * (src/domain/catalogue), worded with errorText by app.ts.
 */
const fr = {
  help: [
    'Concerto — consultations des partenaires sur le schéma directeur AVS.',
    '',
    'Pour tous :',
    '• rejoindre <code> : relie votre compte et cette conversation à votre organisation (code remis par la Caf)',
    '• consultations : les consultations en cours pour votre organisation, avec le formulaire d’avis',
    '• aide : cette aide',
    '',
    'Pour les pilotes de la Caf :',
    '• lancer : lancer une consultation (formulaire)',
    '• statut [n°] : participation par enjeu et organisations sans réponse (partenaires : les résultats, une fois la consultation close ou pendant si la Caf l’a prévu)',
    '• relancer [n°] : relancer les organisations qui n’ont pas répondu à tout',
    '• clore [n°] : clore la consultation et envoyer les résultats',
    '• exporter [n°] : synthèse Markdown et liens vers le classeur Excel, la synthèse PDF, le CSV et le Markdown',
    '• agrements : agréments arrivant à échéance dans les 6 mois',
  ].join('\n'),
  unknownCommand: (word: string) => `Commande inconnue : « ${word} ».`,
  openRound: (r: {
    number: number;
    title: string;
    version: number;
    complete: number;
    invited: number;
    deadline: string;
  }) =>
    `N° ${r.number} : ${r.title} (version ${r.version}) — ${count(r.complete, 'fr', 'organisation', 'organisations')} sur ${r.invited} ${plural(r.complete, 'fr', 'a', 'ont')} tout rempli — date limite ${r.deadline}`,
  /** « Date limite : 14 mars », with the typography of the language. */
  labelled: (label: string, value: string) => `${label} : ${value}`,
  consultation: 'Consultation',
  version: 'Version',
  avis: 'Avis',
  comment: 'Commentaire',
  noAnswer: 'Pas de réponse',
  noAnswerInline: 'pas de réponse',
  choices: avisLabels('fr'),
  changes: {
    added: 'Nouvel enjeu',
    changed: 'Modifié depuis la version précédente',
    unchanged: '',
  },
  answeredBy: (o: { by: string; organisation: string; at: string; done: number; total: number }) =>
    `Avis donné par ${o.by} pour ${o.organisation}, le ${o.at} (${count(o.done, 'fr', 'enjeu', 'enjeux')} sur ${o.total}).`,
  genericError: (ref: string) => `Une erreur est survenue. Référence à transmettre : ${ref}.`,
  unknownAction: 'Action inconnue.',
};

const en: typeof fr = {
  help: [
    'Concerto — partner consultations on the AVS schéma directeur.',
    '',
    'For everyone:',
    '• rejoindre <code>: link your account and this conversation to your organisation (code from the Caf)',
    '• consultations: the open consultations for your organisation, with the avis form',
    '• aide (or help): this help',
    '',
    'For the Caf’s pilots:',
    '• lancer: launch a consultation (form)',
    '• statut [no.]: participation per enjeu and organisations that have not answered (partners: the results, once the consultation is closed, or during it if the Caf chose so)',
    '• relancer [no.]: remind the organisations that have not answered everything',
    '• clore [no.]: close the consultation and send the results',
    '• exporter [no.]: Markdown synthesis and links to the Excel workbook, PDF synthesis, CSV and Markdown files',
    '• agrements: agréments ending within 6 months',
  ].join('\n'),
  unknownCommand: (word: string) => `Unknown command: "${word}".`,
  openRound: (r) =>
    `No. ${r.number}: ${r.title} (version ${r.version}) — ${r.complete} of ${count(r.invited, 'en', 'organisation', 'organisations')} ${plural(r.complete, 'en', 'has', 'have')} answered everything — deadline ${r.deadline}`,
  labelled: (label, value) => `${label}: ${value}`,
  consultation: 'Consultation',
  version: 'Version',
  avis: 'Avis',
  comment: 'Comment',
  noAnswer: 'No answer',
  noAnswerInline: 'no answer',
  choices: avisLabels('en'),
  changes: {
    added: 'New enjeu',
    changed: 'Changed since the previous version',
    unchanged: '',
  },
  answeredBy: (o) =>
    `Avis given by ${o.by} for ${o.organisation}, on ${o.at} (${o.done} of ${count(o.total, 'en', 'enjeu', 'enjeux')}).`,
  genericError: (ref) => `Something went wrong. Reference to give the Caf: ${ref}.`,
  unknownAction: 'Unknown action.',
};

export type TeamsStrings = typeof fr;

/**
 * The Teams-only words of the Caf's side, in French: names given to conversations and users, the
 * pilots' launch card and export links. The words Slack says too are the domain's
 * (domain/chat-words.ts); refusals are the catalogue's.
 */
export const CAF_TEAMS = {
  teamsUser: 'Utilisateur Teams',
  personalConversation: (name: string | undefined) =>
    `Conversation personnelle de ${name ?? 'un utilisateur'}`,
  teamsConversation: 'Conversation Teams',
  pilotsConversation: (name: string) => `Pilotes (${name})`,
  pilotOf: (tenant: string) => `Pilote — ${tenant}`,
  launchDraftVersion: 'Version du projet de schéma',
  launchDraftVersionMissing: 'Choisissez une version.',
  launchDeadlineMissing: 'Indiquez la date limite.',
  launchFallback: 'Formulaire de lancement de consultation',
  synthesisTruncated: '[… synthèse tronquée : téléchargez le fichier Markdown complet]',
  exportLinksValid: 'Liens valables 24 heures.',
  /** The links of `exporter`, by export format. */
  download: {
    xlsx: 'Télécharger le classeur (Excel)',
    pdf: 'Télécharger la synthèse (PDF)',
    csv: 'Télécharger le CSV',
    md: 'Télécharger la synthèse (Markdown)',
  },
  /** The tab's download buttons, by export format. */
  tabExportLabels: {
    xlsx: 'Classeur Excel (XLSX)',
    pdf: 'Synthèse PDF',
    csv: 'Tableau des avis (CSV)',
    md: 'Synthèse Markdown',
  },
};

export function strings(locale: Locale | undefined): TeamsStrings {
  return locale === 'en' ? en : fr;
}
