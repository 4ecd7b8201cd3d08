import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

describe.skipIf(!chromiumAvailable())('a prospect books a demo in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fills the form on the demo page, books the first slot and the rep gets an invite for that instant', async () => {
    const page = await browser.newPage({ locale: 'en-US', timezoneId: 'Europe/Berlin' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);

    // Playwright's CSS locators pierce the widget's open shadow root.
    await page.locator('[data-step="questions"]').waitFor();
    await page.fill('input[name="email"]', 'maria@acme-logistics.de');
    await page.fill('input[name="name"]', 'Maria Keller');
    await page.selectOption('select[name="company_size"]', '51-200');
    await page.selectOption('select[name="country"]', 'DE');
    // The demo config refuses forms sent within 2 s of loading (no person is that quick).
    await page.waitForTimeout(2_000);
    await page.getByRole('button', { name: 'Continue' }).click();

    const firstSlot = page.locator('button[data-start]').first();
    await firstSlot.waitFor();
    const start = await firstSlot.getAttribute('data-start');
    expect(start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    await firstSlot.click();
    await page.getByRole('button', { name: 'Book' }).click();

    await expect(page.getByRole('heading', { name: 'You are booked' }).waitFor()).resolves.toBeUndefined();
    await expect(page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).resolves.toMatch(/\/invite\.ics$/);
    expect(errors).toEqual([]);

    // The rep's invite on disk starts at the booked UTC instant, read by a real parser.
    // Invites leave through the outbox worker, moments after the booking is confirmed.
    const outbox = join(server.dataDir, 'outbox');
    const findRepMail = () => (existsSync(outbox) ? readdirSync(outbox) : []).find((name) => name.endsWith('-rep.eml'));
    await expect.poll(findRepMail, { timeout: 10_000 }).toBeDefined();
    const repMail = findRepMail();
    const eml = readFileSync(join(outbox, repMail!), 'utf8');
    const ics = eml.slice(eml.indexOf('BEGIN:VCALENDAR'), eml.indexOf('END:VCALENDAR') + 'END:VCALENDAR'.length);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(start);
    expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toContain('mailto:maria@acme-logistics.de');
  }, 60_000);
});
