import { executeActivity, messageActivity, post, TENANT_ID } from '../teams/helpers';

/**
 * A Teams user of the tests driving Concerto's bot as Teams does: messages and adaptive card
 * actions (`Action.Execute`) in wire format with a signed Bot Framework token, in the user's
 * personal conversation `a:<id>`, and the survey grid's cards read back. For the survey tests
 * (test/teams/survey-grid.test.ts, test/survey/whole-survey-round.test.ts).
 */
export type CardElement = {
  type: string;
  id?: string;
  text?: string;
  value?: string;
  label?: string;
  placeholder?: string;
  color?: string;
  items?: CardElement[];
  choices?: { title: string; value: string }[];
};
export type Card = {
  body: CardElement[];
  actions?: { verb?: string; title?: string; data?: Record<string, unknown> }[];
};
type InvokeBody = { statusCode: number; type: string; value: Card | string };
export type TeamsUser = { id: string; name: string; aadObjectId: string };

/** Every element of a card, containers opened. */
export const elements = (card: Card): CardElement[] =>
  card.body.flatMap(function open(e: CardElement): CardElement[] {
    return [e, ...(e.items ?? []).flatMap(open)];
  });
export const input = (card: Card, id: string) => elements(card).find((e) => e.id === id);
export const texts = (card: Card) =>
  elements(card)
    .filter((e) => e.type === 'TextBlock')
    .map((e) => (e.text ?? '').replace(/\\/g, ''));

/** The personal conversation of a user, where the tests talk to the bot. */
export const personal = (from: TeamsUser) => ({
  conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: `a:${from.id}` },
});

/** The data a grid card sends for one level of the demo grid (4 questions): every field. */
export const gridLevel = (
  roundId: string,
  n: number,
  over: Record<string, string> = {},
  questions = 4,
) => ({
  roundId,
  level: n,
  go: 'next',
  ...Object.fromEntries(
    Array.from({ length: questions }, (_, i) => [
      [`case-${n}-${i + 1}`, ''],
      [`note-${n}-${i + 1}`, ''],
    ]).flat(),
  ),
  ...over,
});

export function teamsGridClient(o: {
  /** The web server's base URL. */
  url: () => string;
  /** The fake Bot Connector's URL (the activities' serviceUrl). */
  serviceUrl: () => string;
  /** A fresh Bot Framework token for the bot. */
  token: () => string;
}) {
  /** An `Action.Execute` of a card: the card the bot answers with. */
  async function execute(
    from: TeamsUser,
    verb: string,
    data: Record<string, unknown>,
    over: Record<string, unknown> = {},
  ): Promise<{ status: number; type?: string; card: Card }> {
    const res = await post(
      o.url(),
      executeActivity(o.serviceUrl(), verb, data, { from, ...personal(from), ...over }),
      o.token(),
    );
    const body = res.body as InvokeBody | undefined;
    return { status: res.status, type: body?.type, card: body?.value as Card };
  }

  /** A message typed in the user's personal conversation (e.g. « rejoindre <code> »). */
  async function say(from: TeamsUser, text: string, over: Record<string, unknown> = {}) {
    const res = await post(
      o.url(),
      messageActivity(o.serviceUrl(), text, { from, ...personal(from), ...over }),
      o.token(),
    );
    return res.status;
  }

  return { execute, say };
}
