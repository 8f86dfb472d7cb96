import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { NeutralMessage } from '../../domain/messages';
import type { Logger } from '../../logger';
import {
  RateLimitedError,
  type Notifier,
  type NotifierTarget,
  type SendContext,
} from '../notifier';
import { renderEmail } from './render';

/** The console's sign-in actions (src/app/console-auth.ts SIGN_IN_LINK_SCHEME). */
const SIGN_IN_SCHEME = 'concerto-signin:';

/**
 * The e-mail channel's port to the delivery queue. One destination = one contact's address;
 * one delivery = one e-mail. With `smtpUrl`, messages go through that SMTP server (nodemailer);
 * without it (the demo, a developer's machine), each message is written as an `.eml` file in
 * `mailDir` and its address and links are printed in the worker's output.
 *
 * - **Once on the wire, at most one duplicate per crash.** SMTP cannot be searched, so this
 *   notifier has no `find`: a send whose outcome was lost (the worker died after DATA, or the
 *   server's answer never came) is sent again, as with Teams. The Message-ID is derived from the
 *   delivery id, so a duplicate is recognisable (and many clients fold it).
 * - **Refusals.** A 5xx answer (unknown mailbox, refused message) fails the delivery at once with
 *   the server's reason (`permanent`); a 4xx answer (greylisting, mailbox full) is retried; both
 *   prove the message was not accepted. A timeout or a cut connection after the message was sent
 *   leaves the outcome unknown.
 * - **Edits.** E-mail cannot change a message already sent: an update (an invitation's progress,
 *   its closing) is recorded as done without sending anything; the reminders, announcements and
 *   results are separate messages, each in the invitation's thread (In-Reply-To / References).
 * - **Pacing.** At most one message per `domainIntervalMs` to the same domain in this worker (large
 *   receivers such as a Conseil départemental's throttle senders); a message that comes too early
 *   is delayed by the queue (RateLimitedError), never dropped.
 * - Asynchronous bounces (a DSN e-mail received later) are not read: Concerto has no mailbox.
 */
export interface EmailNotifierOptions {
  /** smtp:// or smtps:// URL with credentials; unset: write `.eml` files to `mailDir`. */
  smtpUrl?: string;
  /** The sender, e.g. « Caf du Val-de-Marne <concerto@caf94.fr> ». */
  from: string;
  /** Folder of the `.eml` files when there is no SMTP server. */
  mailDir: string;
  /** Minimum time between two messages to the same domain, in ms. Default: 0 (no pacing). */
  domainIntervalMs?: number;
  /** The personal ballot address for a contact's invitation or reminder; undefined: none. */
  ballotUrl?: (target: NotifierTarget, roundId: string) => Promise<string | undefined>;
  /**
   * The console's sign-in address for a link row (a `concerto-signin:<id>` action): computed at
   * send time, so the outbox never holds the token; undefined (used, expired): the action is
   * left out.
   */
  signInUrl?: (linkId: string) => Promise<string | undefined>;
  log: Logger;
  /** Where the demo's lines go (default: the log). */
  announce?: (line: string) => void;
}

export class EmailSendError extends Error {
  constructor(
    message: string,
    /** The server refused the message: it was not sent. */
    public readonly notSent: boolean,
    /** No retry will help (5xx). */
    public readonly permanent: boolean,
    public readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

export class EmailNotifier implements Notifier {
  readonly platform = 'email' as const;
  private readonly transport: Transporter;
  private readonly nextByDomain = new Map<string, number>();
  private readonly idDomain: string;

  constructor(private readonly o: EmailNotifierOptions) {
    this.transport = o.smtpUrl
      ? nodemailer.createTransport({
          url: o.smtpUrl,
          // A few connections kept open, each carrying many messages (the URL may say otherwise:
          // ?pool=false, ?maxConnections=…).
          pool: true,
          maxConnections: 5,
          maxMessages: 500,
          // Bounded waits: a stuck server must not hold the job past its lock.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        } as Parameters<typeof nodemailer.createTransport>[0])
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    this.idDomain = /@([^>\s]+)>?\s*$/.exec(o.from)?.[1] ?? 'concerto.local';
  }

  async send(
    target: NotifierTarget,
    message: NeutralMessage,
    context?: SendContext,
  ): Promise<{ messageId: string }> {
    // E-mail cannot edit a message: the update is done as far as this channel goes.
    if (target.updateMessageId) return { messageId: target.updateMessageId };
    const to = target.address;
    this.pace(to);
    const roundId = message.actions.find((a) => a.type === 'avis.open');
    const ballotUrl =
      roundId && roundId.type === 'avis.open' && this.o.ballotUrl
        ? await this.o.ballotUrl(target, roundId.roundId)
        : undefined;
    let signInUrl: string | undefined;
    const actions: NeutralMessage['actions'] = [];
    for (const a of message.actions) {
      if (a.type === 'link' && a.url.startsWith(SIGN_IN_SCHEME)) {
        signInUrl = this.o.signInUrl
          ? await this.o.signInUrl(a.url.slice(SIGN_IN_SCHEME.length))
          : undefined;
        if (signInUrl) actions.push({ ...a, url: signInUrl });
      } else actions.push(a);
    }
    const rendered = renderEmail({ ...message, actions }, ballotUrl ? { ballotUrl } : {});
    const messageId = `<${context?.deliveryId ?? cryptoRandom()}@${this.idDomain}>`;
    const mail = {
      from: this.o.from,
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      ...(target.threadMessageId
        ? { inReplyTo: target.threadMessageId, references: [target.threadMessageId] }
        : {}),
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': message.locale },
    };
    let info: { messageId?: string; message?: unknown };
    try {
      info = await this.transport.sendMail(mail);
    } catch (err) {
      throw asSendError(err);
    }
    if (!this.o.smtpUrl)
      this.writeEml(context?.deliveryId, to, rendered.subject, info, ballotUrl, signInUrl);
    return { messageId };
  }

  close(): void {
    this.transport.close();
  }

  private pace(to: string): void {
    const every = this.o.domainIntervalMs ?? 0;
    if (every <= 0) return;
    const domain = to.slice(to.lastIndexOf('@') + 1);
    const now = Date.now();
    const next = this.nextByDomain.get(domain) ?? 0;
    if (now < next) throw new RateLimitedError(next - now);
    this.nextByDomain.set(domain, now + every);
  }

  private writeEml(
    deliveryId: string | undefined,
    to: string,
    subject: string,
    info: { message?: unknown },
    ballotUrl: string | undefined,
    signInUrl?: string,
  ): void {
    mkdirSync(this.o.mailDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.o.mailDir, `${stamp}-${deliveryId ?? cryptoRandom()}.eml`);
    writeFileSync(file, info.message as Buffer);
    // What the development page lists (/dev/mail): no need to parse the message back.
    writeFileSync(
      `${file}.json`,
      JSON.stringify({
        to,
        subject,
        at: new Date().toISOString(),
        ballotUrl: ballotUrl ?? null,
        ...(signInUrl ? { signInUrl } : {}),
      }),
    );
    const line = `courriel pour ${to} : « ${subject} » → ${file}${ballotUrl ? `\n  lien de vote : ${ballotUrl}` : ''}${signInUrl ? `\n  lien de connexion à la console : ${signInUrl}` : ''}`;
    if (this.o.announce) this.o.announce(line);
    else this.o.log.info({ file }, 'courriel écrit (pas de SMTP_URL)');
  }
}

function cryptoRandom(): string {
  return `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
}

/** nodemailer's error as this channel's: refused (4xx/5xx) or unknown outcome. */
function asSendError(err: unknown): EmailSendError {
  const e = err as { message?: string; responseCode?: number; code?: string; command?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reason = (e.message ?? String(err)).slice(0, 500);
  if (code !== undefined && code >= 500)
    return new EmailSendError(`Refusé par le serveur SMTP (${code}) : ${reason}`, true, true, code);
  if (code !== undefined && code >= 400)
    return new EmailSendError(
      `Refus temporaire du serveur SMTP (${code}) : ${reason}`,
      true,
      false,
      code,
    );
  // Before the message was handed over (no connection, refused login), nothing went out.
  const before =
    e.code === 'ECONNECTION' || e.code === 'EAUTH' || e.code === 'EDNS' || e.code === 'ETLS';
  return new EmailSendError(`Envoi SMTP impossible : ${reason}`, before, false);
}
