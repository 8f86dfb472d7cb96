import { chatWords } from './chat-words';
import { SLASH_COMMAND, type CommandChannel } from './commands';
import type { Locale } from './types';

/** « aide »: a title, then the commands by who uses them, each with what it does. */
export interface HelpView {
  title: string;
  sections: { heading: string; lines: string[] }[];
}

/**
 * The help of a chat channel: the commands it knows, typed as that channel types them (Slack's
 * slash command as code, Teams' bare words), each described with the same words on every channel
 * (CHAT_FR.help). Slack alone has « suivi » (its follow-up form).
 */
export function helpView(channel: CommandChannel, locale: Locale): HelpView {
  const h = chatWords(locale).help;
  const no = locale === 'fr' ? '[n°]' : '[no.]';
  const sep = locale === 'fr' ? ' : ' : ': ';
  const line = (command: string, text: string) =>
    `• ${channel === 'slack' ? `\`${SLASH_COMMAND} ${command}\`` : command}${sep}${text}`;
  return {
    title: h.title,
    sections: [
      {
        heading: h.partners,
        lines: [
          line('rejoindre <code>', h.rejoindre),
          line('consultations', h.consultations),
          line(`statut ${no}`, h.statutPartner),
          line(locale === 'fr' ? 'aide' : 'help', h.aide),
        ],
      },
      {
        heading: h.pilots,
        lines: [
          line('lancer', h.lancer),
          line(`statut ${no}`, h.statutPilot),
          line(`relancer ${no}`, h.relancer),
          line(`clore ${no}`, h.clore),
          line(`exporter ${no}`, h.exporter),
          line('agrements', h.agrements),
          ...(channel === 'slack'
            ? [line(`suivi ${locale === 'fr' ? '<n°>' : '<no.>'}`, h.suivi)]
            : []),
        ],
      },
    ],
  };
}

/** The help as plain lines; `heading` formats a section's heading (Slack: bold). */
export function helpText(view: HelpView, heading: (text: string) => string = (t) => t): string {
  return [view.title, ...view.sections.flatMap((s) => ['', heading(s.heading), ...s.lines])].join(
    '\n',
  );
}
