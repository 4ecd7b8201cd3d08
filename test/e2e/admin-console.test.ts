import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../helpers/app.ts';
import { chromiumAvailable, launchChromium, seriousAxeViolations } from '../helpers/browser.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../fixtures/test-config.ts';

/**
 * The admin console in Chromium against a real app and database (the test's clock), with
 * seeded leads and bookings: sign-in, the cookie, CSRF, filters, the trace, the chart,
 * the troubleshooter, axe, keyboard-only and 390 px.
 */

const TOKEN = 'e2e-admin-token-0123456789';
const PAGES = ['leads', 'distribution', 'availability', 'bookings', 'calendars', 'delivery', 'simulate', 'config'];

describe.skipIf(!chromiumAvailable())('the admin console', () => {
  let t: TestApp;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  const leadIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: MONDAY_0600Z, adminToken: TOKEN, yaml: TEST_CONFIG_YAML.replace('    bufferAfterMinutes: 0', '    bufferAfterMinutes: 15\n    maxPerRepPerDay: 2') });
    const submit = async (key: string, answers: Record<string, string>) => {
      const res = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(answers), timezone: 'UTC' })).json();
      leadIds[key] = res.leadId;
      return res;
    };
    for (let i = 0; i < 3; i++) await submit(`team${i}`, { email: `team${i}@acme.io` });
    await submit('small', { email: 'small@acme.io', size: '1-10' });
    const big = await submit('big', { email: 'big@acme.io', size: '201-1000' });
    const bigger = await submit('bigger', { email: 'bigger@acme.io', size: '201-1000' });
    // 09:00 and 13:00 in New York: Nora's day is then full (two a day).
    await t.post('/api/bookings', { leadToken: big.leadToken, start: '2026-11-23T14:00:00.000Z' });
    await t.post('/api/bookings', { leadToken: bigger.leadToken, start: '2026-11-23T18:00:00.000Z' });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  async function open(width = 1280) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/admin`);
    return { page, context, errors };
  }

  async function signIn(page: Page, token = TOKEN) {
    await page.getByLabel('Admin token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signedIn(width = 1280) {
    const opened = await open(width);
    await signIn(opened.page);
    await opened.page.locator('[data-testid="leads-table"]').waitFor();
    return opened;
  }

  it('shows no data without a session, refuses a wrong token and sets a strict cookie for the right one', async () => {
    const { page, context, errors } = await open();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/admin/leads')).status)).toBe(401);
    await signIn(page, 'not-the-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('That admin token is not right.');
    expect(await context.cookies()).toEqual([]);
    await signIn(page);
    await page.locator('[data-testid="leads-table"]').waitFor();
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'usher_admin', httpOnly: true, sameSite: 'Strict', path: '/' });
    // The cookie alone cannot make a change: the CSRF token must come with it.
    const status = await page.evaluate(async () => (await fetch(`/api/admin/leads/${location.hash}/reassign`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    })).status);
    expect(status).toBe(403);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('finds exactly the seeded leads by filter and by email', async () => {
    const { page, context } = await signedIn();
    const rows = () => page.locator('[data-testid="leads-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead-id')));
    await expect.poll(rows).toHaveLength(6);
    await page.getByLabel('Outcome').selectOption('disqualified');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('[data-testid="leads-table"] tbody tr').allTextContents()).toEqual([expect.stringContaining('small@acme.io')]);
    await page.getByLabel('Outcome').selectOption('');
    await page.getByLabel('Email').fill('TEAM1@acme.io');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(rows).toEqual([leadIds.team1]);
    await page.getByLabel('Email').fill('');
    await page.getByLabel('Team').selectOption('rr');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await rows()).sort()).toEqual([leadIds.team0, leadIds.team1, leadIds.team2].sort());
    await context.close();
  });

  it('names the route and the reason for each candidate on the lead page', async () => {
    const { page, context } = await signedIn();
    await page.goto(`${url}/admin#/leads/${leadIds.team0}`);
    const trace = page.locator('[data-testid="trace"]');
    await trace.waitFor();
    const text = await trace.textContent();
    expect(text).toMatch(/Route 4 matched/);
    expect(text).toContain('team rr');
    for (const name of ['Nora York', 'Leo Don', 'Kavya Kol']) expect(text).toContain(name);
    expect(text).toMatch(/included/);
    await context.close();
  });

  it('draws the distribution chart with the numbers of /api/admin/distribution', async () => {
    const { page, context } = await signedIn();
    await page.goto(`${url}/admin#/distribution`);
    await page.locator('[data-testid="chart-rr"]').waitFor();
    const api = await page.evaluate(async () => (await fetch('/api/admin/distribution')).json());
    const rr = api.teams.find((team: { teamId: string }) => team.teamId === 'rr');
    expect(await page.locator('[data-testid="chart-rr"] path, [data-testid="chart-rr"] polyline, [data-testid="chart-rr"] line').count()).toBeGreaterThan(2);
    for (const rep of rr.reps as { repId: string; leads: number; share: number }[]) {
      const row = await page.locator(`tr[data-rep-id="${rep.repId}"]`).first().textContent();
      expect(row).toContain(String(rep.leads));
      expect(row).toContain(`${Math.round(rep.share * 100)}`);
    }
    await context.close();
  });

  it('explains a start blocked by a booking, by working hours and by the day cap', async () => {
    const { page, context } = await signedIn();
    await page.goto(`${url}/admin#/availability`);
    await page.getByLabel('Date').fill('2026-11-23');
    await page.locator('select[name="subject"]').selectOption('rep:ny');
    await page.getByRole('button', { name: 'Check' }).click();
    const state = (local: string) => page.locator(`tr[data-local="${local}"]`).first().getAttribute('data-state');
    await expect.poll(() => state('09:00')).toBe('busy_booking');
    expect(await state('08:30')).toBe('outside_working_hours');
    expect(await state('10:00')).toBe('day_cap');
    expect(await state('17:00')).toBe('outside_working_hours');
    await context.close();
  });

  it('has no serious axe violation and no horizontal scroll at 390 px on any page', async () => {
    for (const width of [390, 1280]) {
      const { page, context, errors } = await signedIn(width);
      for (const name of [...PAGES, `leads/${leadIds.big}`]) {
        await page.goto(`${url}/admin#/${name}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        expect(await seriousAxeViolations(page), `${name} at ${width}px`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('signs in and reassigns a lead with the keyboard alone', async () => {
    const { page, context } = await open();
    await page.getByLabel('Admin token').waitFor();
    for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement?.getAttribute('type') === 'password')); i++) await page.keyboard.press('Tab');
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="leads-table"]').waitFor();
    await page.goto(`${url}/admin#/leads/${leadIds.team2}`);
    await page.locator('select[name="repId"]').waitFor();
    await page.locator('select[name="repId"]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Reassign');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[aria-live]').allTextContents()).toContainEqual(expect.stringContaining('Reassigned.'));
    const detail = await page.evaluate(async (id) => (await fetch(`/api/admin/leads/${id}`)).json(), leadIds.team2);
    expect(detail.lead.trace.reassignments).toEqual([expect.objectContaining({ why: 'admin' })]);
    await context.close();
  });
});
