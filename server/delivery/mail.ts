import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export type OutgoingMail = {
  /** A short name, unique per message, for the .eml file: `<booking>-<sequence>-<role>`. */
  key: string;
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed when the message is queued, so a retried message is the same message. */
  messageId?: string;
  /** Epoch ms for the Date header; also fixed when queued. */
  date?: number;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
};

export type Mailer = { send(mail: OutgoingMail): Promise<void>; describe: string };

function toNodemailer(mail: OutgoingMail): nodemailer.SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.date !== undefined ? { date: new Date(mail.date) } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // The text/calendar alternative is what calendar clients act on; nodemailer adds the
    // same event as an `invite.ics` attachment for the clients that only offer a file.
    ...(mail.ics ? { icalEvent: { method: mail.ics.method.toLowerCase(), content: mail.ics.content } } : {}),
  };
}

/** Timeouts well inside the outbox lease, so a hung server fails a try instead of holding it. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

function fileStamp(instant: number): string {
  return new Date(instant).toISOString().replace(/[:.]/g, '-');
}

/**
 * SPEC §6: SMTP when `SMTP_URL` is set; otherwise `.eml` files under `<dataDir>/outbox/`.
 * A file's name comes from the message (its date and key), and it is written whole
 * then renamed into place, so sending the same message again replaces it instead of
 * adding a second copy.
 */
export function createMailer(options: { smtpUrl?: string | undefined; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS });
    return {
      describe: `SMTP ${new URL(options.smtpUrl).host}`,
      async send(mail) {
        await transport.sendMail(toNodemailer(mail));
      },
    };
  }
  const outbox = join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `files in ${outbox}`,
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      await mkdir(outbox, { recursive: true });
      const name = `${fileStamp(mail.date ?? Date.now())}-${mail.key.replace(/[^\w.-]/g, '_')}.eml`;
      const partial = join(outbox, `.${name}.${process.pid}.partial`);
      await writeFile(partial, info.message as Buffer);
      await rename(partial, join(outbox, name));
    },
  };
}
