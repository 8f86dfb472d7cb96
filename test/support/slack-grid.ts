import { randomBytes } from 'node:crypto';
import {
  blockActions,
  postSigned,
  slashCommand,
  viewSubmission,
  type FakeSlack,
  type SlackRequest,
} from './fake-slack';

/**
 * A Slack user of the tests driving Concerto's web server as Slack does: signed slash commands
 * (the answer read on the fake's response_url), the invitation's button (`avis.open`), and the
 * survey grid's modals submitted level by level with the state Slack fills in. For the survey
 * tests (test/slack/survey-grid.test.ts, test/survey/whole-survey-round.test.ts).
 */
export type SlackGridBlock = {
  type: string;
  block_id?: string;
  label?: { text: string };
  hint?: { text: string };
  text?: { text: string };
  element?: {
    type: string;
    options?: { value: string; text: { text: string } }[];
    initial_option?: { value: string };
    initial_value?: string;
    initial_options?: { value: string }[];
    max_length?: number;
  };
};
export type SlackGridView = {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit: { text: string };
  blocks: SlackGridBlock[];
};
export type SlackStateValues = Record<string, Record<string, Record<string, unknown>>>;
export type SlackUser = { userId: string; channelId: string };
export type SlackGridAnswer =
  | { response_action: 'update'; view: SlackGridView }
  | { response_action: 'errors'; errors: Record<string, string> }
  | undefined;

export async function waitUntil<T>(what: string, fn: () => T | undefined | false, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The state Slack sends for a grid modal: a text per `case-…`, a select per `note-…`. */
export function gridStateOf(
  view: SlackGridView,
  values: Record<string, string>,
  finish?: boolean,
): SlackStateValues {
  const state: SlackStateValues = {};
  for (const b of view.blocks) {
    if (b.type !== 'input' || !b.block_id) continue;
    const field = b.block_id.replace(/^grid:/, '');
    if (b.element?.type === 'plain_text_input')
      state[b.block_id] = { value: { type: 'plain_text_input', value: values[field] ?? null } };
    else if (b.element?.type === 'static_select') {
      const v = values[field];
      state[b.block_id] = {
        value: { type: 'static_select', selected_option: v ? { value: v } : null },
      };
    } else if (b.element?.type === 'checkboxes')
      state[b.block_id] = {
        value: { type: 'checkboxes', selected_options: finish ? [{ value: 'finish' }] : [] },
      };
  }
  return state;
}

export function slackGridClient(o: {
  fake: FakeSlack;
  /** `<server>/slack/events` */
  url: () => string;
  secret: string;
  teamId: string;
}) {
  const send = (request: SlackRequest) => postSigned(o.url(), o.secret, request);

  /** A slash command; resolves with the JSON of its answer on the response_url. */
  async function command(who: SlackUser, text: string) {
    const id = randomBytes(4).toString('hex');
    const res = await send(
      slashCommand({ teamId: o.teamId, ...who, text, responseUrl: o.fake.responseUrl(id) }),
    );
    if (res.status !== 200) throw new Error(`« ${text} » answered ${res.status}`);
    const [reply] = await waitUntil(`an answer to « ${text} »`, () => {
      const found = o.fake.callsTo('response_url').filter((c) => c.responseId === id);
      return found.length > 0 && found;
    });
    return JSON.stringify(reply!.body);
  }

  /** The invitation's button clicked: the view opened, or the private refusal. */
  async function click(
    who: SlackUser,
    roundId: string,
  ): Promise<{ view: SlackGridView } | { refusal: string }> {
    const before = o.fake.callsTo('views.open').length;
    const id = `action-${randomBytes(4).toString('hex')}`;
    const res = await send(
      blockActions({
        teamId: o.teamId,
        ...who,
        actionId: 'avis.open',
        value: roundId,
        responseUrl: o.fake.responseUrl(id),
      }),
    );
    if (res.status !== 200) throw new Error(`avis.open answered ${res.status}`);
    return waitUntil('a modal or a refusal', () => {
      if (o.fake.callsTo('views.open').length > before)
        return { view: o.fake.callsTo('views.open').at(-1)!.body.view as SlackGridView };
      const refusal = o.fake.callsTo('response_url').find((c) => c.responseId === id);
      return refusal && { refusal: JSON.stringify(refusal.body) };
    });
  }

  /** The grid modal submitted with these values (`finish`: « J'ai terminé la grille » ticked). */
  async function submit(
    who: { userId: string },
    view: SlackGridView,
    values: Record<string, string>,
    opts: { finish?: boolean; extra?: SlackStateValues } = {},
  ): Promise<{ status: number; answer: SlackGridAnswer }> {
    const res = await send(
      viewSubmission({
        teamId: o.teamId,
        userId: who.userId,
        view: {
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          blocks: view.blocks,
          title: view.title,
        },
        values: { ...gridStateOf(view, values, opts.finish), ...opts.extra },
      }),
    );
    return { status: res.status, answer: res.json as SlackGridAnswer };
  }

  /** The messages posted (200) to a channel or a user's direct messages, as JSON. */
  const postsTo = (channel: string) =>
    o.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === channel && c.status === 200)
      .map((c) => JSON.stringify(c.body));

  return { send, command, click, submit, postsTo };
}
