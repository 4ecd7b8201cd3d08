import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one path of the feed server answers. `hang`: accept the request and never answer. */
export type FeedRoute = { body?: string; status?: number; etag?: string; lastModified?: string; hang?: boolean };

/**
 * A real HTTP server on 127.0.0.1 that serves ICS feeds the way calendar hosts do: with
 * an ETag and Last-Modified, answering 304 to a matching conditional request. Each
 * path's answer can be changed while it runs, and every request is kept.
 */
export async function startFeedServer() {
  const routes = new Map<string, FeedRoute>();
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (!route) return res.writeHead(404).end('not found');
    if (route.hang) {
      hanging.add(res);
      return;
    }
    const status = route.status ?? 200;
    if (status !== 200) return res.writeHead(status).end('error');
    const validated = (route.etag && req.headers['if-none-match'] === route.etag)
      || (!route.etag && route.lastModified && req.headers['if-modified-since'] === route.lastModified);
    const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
    if (route.etag) headers.etag = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    if (validated) return res.writeHead(304, headers).end();
    res.writeHead(200, headers).end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    set: (path: string, route: FeedRoute) => routes.set(path, route),
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type FeedServer = Awaited<ReturnType<typeof startFeedServer>>;

const stamp = (instant: number) => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A minimal VCALENDAR with one VEVENT per entry, in UTC; `extra` lines go into the event as written. */
export function icsOf(events: readonly { uid: string; start: number; end: number; extra?: string[] }[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Feed//EN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${stamp(e.start)}`, `DTSTART:${stamp(e.start)}`, `DTEND:${stamp(e.end)}`, 'SUMMARY:Busy', ...(e.extra ?? []), 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
