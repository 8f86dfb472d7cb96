import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** One entry per recipient of the envelope. */
  to: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  received: ReceivedMail[];
  url: string;
  mailsTo(to: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server in the test process (smtp-server), messages parsed with mailparser.
 * `refuse` may answer a recipient with an SMTP refusal (its code and text).
 */
export async function startTestSmtp(
  o: { refuse?: (address: string) => { code: number; message: string } | undefined } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const no = o.refuse?.(address.address);
      if (no) return cb(Object.assign(new Error(no.message), { responseCode: no.code }));
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          for (const r of session.envelope.rcptTo) received.push({ to: r.address, mail });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    mailsTo: (to) => received.filter((r) => r.to === to),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
