import type { AvisChoice, Locale, Platform } from './types';

/**
 * Platform-neutral messages. Use cases build them; src/adapters/<platform>/render.ts turns them
 * into Block Kit or an Adaptive Card. Every text here is plain text (never markup): renderers
 * escape it for their platform. `fallback` is the whole message as plain text (notifications,
 * screen readers, the console notifier).
 */
export interface NeutralMessage {
  /** What the message is, for renderers that lay some kinds out differently. */
  kind: NeutralMessageKind;
  locale: Locale;
  title: string;
  /** Paragraphs of plain text. */
  text: string[];
  /** Label/value pairs (deadline, version, participation…). */
  fields: { label: string; value: string }[];
  /** Titled sections: one per enjeu in an invitation or results. */
  sections: NeutralSection[];
  actions: NeutralAction[];
  /** Small print under the message (who answered, when). */
  context?: string;
  /**
   * A round's invitation that its readers may each see as their own view (their organisation's
   * avis form) where the platform can: Teams refreshes the card of `readers` by itself (up to
   * 60), so an update of the shared message does not replace what a partner is reading.
   */
  personalView?: { roundId: string; readers: { platform: Platform; userId: string }[] };
  fallback: string;
}

export type NeutralMessageKind =
  | 'round.invitation'
  | 'round.progress'
  | 'round.reminder'
  | 'round.results'
  /** A change announced in the invitation's thread: a new deadline, a cancellation. */
  | 'round.announcement'
  | 'agrement.reminder'
  | 'agrement.expired'
  | 'digest.weekly'
  | 'notice';

export interface NeutralSection {
  title: string;
  text: string;
  /** Tally per choice, for results sections (renderers may draw bars). */
  counts?: Partial<Record<AvisChoice, number>>;
  /** What changed since the version the organisation answered (invitation on a new version). */
  change?: 'added' | 'changed' | 'unchanged';
  /**
   * The chart of the avis as an image (results): a signed, expiring link to its PNG
   * (app/chart-links.ts) and its text alternative. Only when PUBLIC_URL is set: the platforms
   * fetch the image from that address.
   */
  chart?: { url: string; alt: string };
}

/** Typed payloads: adapters put them in buttons, and must re-check identity server-side. */
export type NeutralAction =
  | { type: 'avis.open'; label: string; roundId: string; style?: 'primary' }
  | { type: 'link'; label: string; url: string };

function fallbackOf(m: Omit<NeutralMessage, 'fallback'>): string {
  const lines = [m.title, ...m.text];
  for (const f of m.fields) lines.push(`${f.label} : ${f.value}`);
  for (const s of m.sections) lines.push(`• ${s.title}${s.text ? ` — ${s.text}` : ''}`);
  for (const a of m.actions)
    lines.push(a.type === 'link' ? `${a.label} : ${a.url}` : `→ ${a.label}`);
  if (m.context) lines.push(m.context);
  return lines.join('\n');
}

export function withFallback(m: Omit<NeutralMessage, 'fallback'>): NeutralMessage {
  return { ...m, fallback: fallbackOf(m) };
}

/** A short answer to a user (a confirmation, a refusal, a list), with its plain-text fallback. */
export function noticeMessage(
  locale: Locale,
  title: string,
  paragraphs: string[],
  extra: Partial<Omit<NeutralMessage, 'fallback'>> = {},
): NeutralMessage {
  return withFallback({
    kind: 'notice',
    locale,
    title,
    text: paragraphs,
    fields: [],
    sections: [],
    actions: [],
    ...extra,
  });
}
