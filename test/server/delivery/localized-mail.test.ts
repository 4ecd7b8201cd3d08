import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { localizedYaml } from '../../fixtures/localized-config.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { calendarOf, startSmtpSink, type Received, type SmtpSink } from './sinks.ts';

// The lead goes to Nora York (America/New_York); the prospect reads Berlin time.
const REP = 'nora@test.co';
const PROSPECT = 'jo@acme.io';

let t: TestApp;
let smtp: SmtpSink;
afterEach(async () => { await Promise.all([t.close(), smtp.stop()]); });

async function start(organizationLocale?: string) {
  const yaml = localizedYaml(organizationLocale).replace('horizonDays: 7', 'horizonDays: 7\n    location: { kind: phone }');
  [t, smtp] = await Promise.all([createTestApp({ now: MONDAY_0600Z, yaml }), startSmtpSink()]);
}

const deliver = () => createOutboxWorker({
  store: t.store, mailer: createMailer({ smtpUrl: smtp.url, dataDir: t.dataDir }), log: silentLogger,
  clock: () => MONDAY_0600Z, secret: () => undefined, random: () => 0.5,
}).drain();

async function book(locale: string, startAt = '2026-11-23T14:00:00.000Z') {
  const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Europe/Berlin', locale })).json();
  const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: startAt });
  expect(res.status).toBe(201);
  const booking = await res.json();
  await deliver();
  return { ...booking, token: new URL(booking.manageUrl).pathname.split('/')[2] as string };
}

/** Intl spaces time ranges with thin and narrow no-break spaces; read them as spaces. */
const plain = (text: string | undefined) => (text ?? '').replace(/[\u2009\u202f]/g, ' ');
const textOf = (r: Received) => plain(r.email.text ?? '');
const form = (path: string, fields: Record<string, string>) => t.app.request(path, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
});

describe('emails in the reader\'s language', () => {
  it('writes a German prospect\'s emails in German, the rep\'s in the organization\'s English', async () => {
    await start();
    const b = await book('de-DE');
    const [rep] = smtp.to(REP);
    const [prospect] = smtp.to(PROSPECT);

    expect(prospect!.email.subject).toBe('Einladung: Test-Demo mit Nora York, Montag, 23. November 2026, 15:00–15:30 Uhr (Europe/Berlin)');
    const body = textOf(prospect!);
    expect(body).toMatch(/^Hallo Jo Prospect,\n\nIhr Termin „Test-Demo“ mit Nora York ist gebucht\.\n/);
    expect(body).toContain('Wann: Montag, 23. November 2026, 15:00–15:30 Uhr (Europe/Berlin)');
    expect(body).toContain('Wo: Telefonat');
    expect(body).toContain(`Verschieben oder absagen: ${b.manageUrl}`);
    expect(prospect!.email.html).toContain('<p>Hallo Jo Prospect,</p>');
    expect(calendarOf(prospect!.email).description).toContain('Test-Demo mit Jo Prospect und Nora York.');

    expect(plain(rep!.email.subject)).toBe('Invitation: Test demo with Jo Prospect, Monday, November 23, 2026, 9:00 – 9:30 AM (America/New_York)');
    expect(textOf(rep!)).toContain('A new Test demo with Jo Prospect (jo@acme.io) is booked.');
    expect(textOf(rep!)).toContain('Where: Phone call');
    // The rep reads the answers by the labels in the organization's language.
    expect(textOf(rep!)).toContain('Answers:\nWork email: jo@acme.io\nFull name: Jo Prospect\nCompany size: 11-50');
    expect(calendarOf(rep!.email).description).toContain('Company size: 11-50');

    expect((await t.post(`/api/manage/${b.token}/reschedule`, { start: '2026-11-23T16:00:00.000Z' })).status).toBe(200);
    await deliver();
    const moved = smtp.to(PROSPECT)[1]!;
    expect(moved.email.subject).toMatch(/^Aktualisierte Einladung: Test-Demo mit Nora York, jetzt Montag, 23\. November 2026, 17:00/);
    expect(textOf(moved)).toContain('Bisher: Montag, 23. November 2026, 15:00–15:30 Uhr (Europe/Berlin)');
    expect(smtp.to(REP)[1]!.email.subject).toMatch(/^Updated invitation: /);

    expect((await t.post(`/api/manage/${b.token}/cancel`, { reason: 'Budget' })).status).toBe(200);
    await deliver();
    const canceled = smtp.to(PROSPECT)[2]!;
    expect(canceled.email.subject).toMatch(/^Abgesagt: Test-Demo mit Nora York, /);
    expect(textOf(canceled)).toContain('Ihr Termin „Test-Demo“ mit Nora York wurde abgesagt.');
    expect(textOf(canceled)).toContain('Grund: Budget');
    expect(calendarOf(canceled.email).description).toContain('Dieser Termin wurde abgesagt.');
    expect(textOf(smtp.to(REP)[2]!)).toContain('Reason: Budget');
  });

  it('writes Usher\'s own words in French for a French prospect, the config\'s texts in its fallback', async () => {
    await start();
    await book('fr-FR');
    const [prospect] = smtp.to(PROSPECT);
    expect(plain(prospect!.email.subject)).toBe('Invitation : Test demo avec Nora York, lundi 23 novembre 2026, 15:00 – 15:30 (Europe/Berlin)');
    expect(textOf(prospect!)).toContain('Bonjour Jo Prospect,');
  });

  it('writes the rep\'s emails in the organization\'s locale', async () => {
    await start('de');
    await book('en');
    const [rep] = smtp.to(REP);
    expect(rep!.email.subject).toMatch(/^Einladung: Test-Demo mit Jo Prospect, Montag, 23\. November 2026, /);
    expect(textOf(rep!)).toContain('Antworten:\nGeschäftliche E-Mail: jo@acme.io');
    expect(plain(smtp.to(PROSPECT)[0]!.email.subject)).toBe('Invitation: Test demo with Nora York, Monday, November 23, 2026, 3:00 – 3:30 PM (Europe/Berlin)');
  });
});

describe('the manage page in the lead\'s language', () => {
  it('shows a German lead\'s booking, time picker and forms in German', async () => {
    await start();
    const b = await book('de-AT');
    const res = await t.app.request(`/m/${b.token}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<h1>Test-Demo</h1>');
    expect(page).toContain('<strong>Montag, 23. November 2026, 15:00–15:30 Uhr (Europe/Berlin)</strong>');
    expect(page).toContain('<p>Mit Nora York · Bestätigt</p>');
    expect(page).toContain('<a href="/m/' + b.token + '/invite.ics">Zum Kalender hinzufügen (.ics)</a>');
    expect(page).toContain('<h2 id="move-title">Anderen Termin wählen</h2>');
    expect(page).toMatch(/<optgroup label="Montag, 23\. November"><option value="2026-11-23T14:30:00.000Z">15:30–16:00 Uhr<\/option>/);
    expect(page).toContain('<button type="submit">Termin verschieben</button>');
    expect(page).toContain('<label for="reason">Grund (optional)</label>');
    expect(page).not.toMatch(/Pick another time|Cancel my meeting|Confirmed/);

    const ics = await (await t.app.request(`/m/${b.token}/invite.ics`)).text();
    expect(ics.replace(/\r\n /g, '')).toContain('DESCRIPTION:Test-Demo mit Jo Prospect und Nora York.');

    const bad = await form(`/m/${b.token}/reschedule`, { start: 'soon' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('<p class="notice error" role="alert">Bitte wählen Sie einen der Termine aus der Liste.</p>');
    const moved = await form(`/m/${b.token}/reschedule`, { start: '2026-11-23T16:00:00.000Z' });
    const after = await (await t.app.request(moved.headers.get('location')!)).text();
    expect(after).toContain('Ihr Termin wurde verschoben.');
    await form(`/m/${b.token}/cancel`, { reason: 'Urlaub' });
    const canceled = await (await t.app.request(`/m/${b.token}?done=canceled`)).text();
    expect(canceled).toContain('<p>Mit Nora York · Abgesagt</p>');
    expect(canceled).toContain('<p>Grund: Urlaub</p>');
  });

  it('answers an unknown link in the browser\'s language', async () => {
    await start();
    const res = await t.app.request('/m/nope', { headers: { 'accept-language': 'es-ES,es;q=0.9' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>No encontrado</h1><p>Este enlace no es válido.</p>');
  });
});
