import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export type OutgoingMail = {
  /** A short stable name used for the .eml file: `<booking>-<role>`. */
  key: string;
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
};

export type Mailer = { send(mail: OutgoingMail): Promise<void>; describe: string };

function toNodemailer(mail: OutgoingMail): nodemailer.SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.ics ? {
      // The text/calendar alternative is what calendar clients act on; the attachment
      // is for the clients that only offer a file.
      icalEvent: { method: mail.ics.method.toLowerCase(), content: mail.ics.content },
      attachments: [{ filename: 'invite.ics', content: mail.ics.content, contentType: `application/ics` }],
    } : {}),
  };
}

/** SPEC §6: SMTP when `SMTP_URL` is set; otherwise `.eml` files under `<dataDir>/outbox/`. */
export function createMailer(options: { smtpUrl?: string | undefined; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
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
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(join(outbox, `${stamp}-${mail.key}.eml`), info.message as Buffer);
    },
  };
}
