import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** A message as a real SMTP server received it, parsed by a real MIME parser. */
export type Received = { raw: string; email: Email; envelopeTo: string[] };

/**
 * A real SMTP server on 127.0.0.1. `stop()` closes it (clients then get "connection
 * refused", as from a mail server that is down); `start()` brings it back on the same port.
 */
export async function startSmtpSink() {
  const received: Received[] = [];
  let server: SMTPServer | null = null;
  let port = 0;
  const listen = () => new Promise<void>((resolve, reject) => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          PostalMime.parse(raw).then((email) => {
            received.push({ raw, email, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          }, callback);
        });
      },
    });
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = (server!.server.address() as AddressInfo).port;
      resolve();
    });
  });
  await listen();
  return {
    received,
    get port() { return port; },
    get url() { return `smtp://127.0.0.1:${port}`; },
    to: (address: string) => received.filter((r) => r.envelopeTo.includes(address)),
    start: listen,
    stop: () => new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    }),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The invite inside a received message: the `text/calendar` part, parsed by ical.js. */
export function calendarOf(email: Email) {
  const part = email.attachments.find((a) => a.mimeType === 'text/calendar');
  if (!part) throw new Error('the message has no text/calendar part');
  const text = typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    /** The `method` parameter on the MIME part. */
    partMethod: part.method,
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    status: String(vevent.getFirstPropertyValue('status')),
    description: event.description,
    organizer: String(event.organizer),
    attendees: event.attendees.map((a) => String(a.getFirstValue()).toLowerCase()),
  };
}

export type Hook = { headers: IncomingHttpHeaders; body: string; at: number };

/** An HTTP webhook receiver on 127.0.0.1 that records every delivery and answers `status()`. */
export async function startWebhookSink(status: (hook: Hook, index: number) => number = () => 200) {
  const hooks: Hook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hook = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      hooks.push(hook);
      res.statusCode = status(hook, hooks.length - 1);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hooks,
    url: `http://127.0.0.1:${port}/hooks/usher`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
