import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, fillDemoForm, saveScreenshot, useEmbeddingSession } from '../helpers/browser.ts';

/**
 * Every step and state at a 320 px phone and a 1280 px desktop: screenshots for review
 * in test/e2e/__screenshots__, and no horizontal scrolling on the phone.
 */
describe.skipIf(!chromiumAvailable())('the widget at every step, from a phone to a desktop', () => {
  const session = useEmbeddingSession();

  async function open(width: number, name = 'inline.html') {
    const page = await session.browser.newPage({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width, height: width < 600 ? 640 : 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(session.embedding.page(name));
    return { page, errors };
  }

  /** Saves the step's screenshot and checks the page does not scroll sideways. */
  async function shot(page: Page, step: string, width: number) {
    await saveScreenshot(page, `${step}-${width}`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${step} at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
  }

  for (const width of [320, 1280]) {
    it(`shows questions, errors, slots, confirmation and booking at ${width} px`, async () => {
      const { page, errors } = await open(width);
      await page.locator('[data-step="questions"]').waitFor();
      await shot(page, 'questions', width);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await page.fill('input[name="email"]', 'not-an-email');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('Enter a valid email address.').waitFor();
      await shot(page, 'questions-errors', width);

      await fillDemoForm(page, { email: `wei.${width}@screens-ltd.sg`, name: 'Wei Zhang', country: 'SG' });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('[data-step="slots"]').waitFor();
      await shot(page, 'slots', width);
      await page.locator('button[data-start]').first().click();
      await shot(page, 'confirm', width);
      await page.getByRole('button', { name: 'Book', exact: true }).click();
      await page.locator('[data-step="booked"]').waitFor();
      await shot(page, 'booked', width);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it(`shows the not-a-fit page, the network error, no availability and the popup at ${width} px`, async () => {
      const { page, errors } = await open(width);
      await page.locator('[data-step="questions"]').waitFor();
      await fillDemoForm(page, { email: 'max@tiny.de', name: 'Max', size: '1-10' });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('[data-step="not_a_fit"]').waitFor();
      await shot(page, 'not-a-fit', width);

      await page.reload();
      await page.route('**/api/forms/demo/submissions', (route) => route.abort(), { times: 1 });
      await page.locator('[data-step="questions"]').waitFor();
      await fillDemoForm(page, { email: 'max@mid-size.de', name: 'Max' });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('[data-step="error"]').waitFor();
      await shot(page, 'network-error', width);

      await page.route('**/api/forms/demo/submissions', (route) => route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ outcome: 'no_availability', leadId: 'lead_x', message: 'Our team will email you within one business day.' }),
      }), { times: 1 });
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.locator('[data-step="no_availability"]').waitFor();
      await shot(page, 'no-availability', width);
      await page.close();

      const popup = await open(width, 'popup.html');
      await popup.page.getByRole('button', { name: 'Book a demo' }).click();
      await popup.page.getByRole('dialog').locator('[data-step="questions"]').waitFor();
      await shot(popup.page, 'popup', width);
      expect([...errors, ...popup.errors]).toEqual([]);
      await popup.page.close();
    }, 60_000);
  }

  it("takes its colours and corners from the form's theme and from custom properties the page sets", async () => {
    const { page } = await open(1280);
    await page.route(/\/api\/forms\/demo(\?|$)/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), theme: { accent: '#0a7f5a', 'accent-text': '#fffff0' } } });
    });
    await page.reload();
    // Custom properties inherit into the shadow root from any ancestor.
    await page.evaluate(() => document.body.style.setProperty('--usher-radius', '0px'));
    const button = page.getByRole('button', { name: 'Continue' });
    await button.waitFor();
    const style = await button.evaluate((element) => {
      const computed = getComputedStyle(element);
      return [computed.backgroundColor, computed.color, computed.borderTopLeftRadius];
    });
    expect(style).toEqual(['rgb(10, 127, 90)', 'rgb(255, 255, 240)', '0px']);
    await shot(page, 'themed', 1280);
    await page.close();
  }, 60_000);

  it('tells the prospect when the chosen time was just booked by someone else and offers what is left', async () => {
    // Two leads from a named account go to the same owner, so the second can take the first's slot.
    const { page, errors } = await open(320);
    await page.locator('[data-step="questions"]').waitFor();
    await fillDemoForm(page, { email: 'first@globex.com', name: 'First Prospect', country: 'US' });
    await page.getByRole('button', { name: 'Continue' }).click();
    const slot = page.locator('button[data-start]').first();
    const start = (await slot.getAttribute('data-start'))!;

    const submit = await fetch(`${session.embedding.usher.url}/api/forms/demo/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { email: 'second@globex.com', name: 'Second', company_size: '51-200', country: 'US' }, timezone: 'UTC' }),
    }).then((response) => response.json() as Promise<{ leadToken: string }>);
    const taken = await fetch(`${session.embedding.usher.url}/api/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadToken: submit.leadToken, start }),
    });
    expect(taken.status).toBe(201);

    await slot.click();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'That time was just taken' }).waitFor();
    await shot(page, 'slot-taken', 320);
    await expect(page.locator(`button[data-start="${start}"]`).count()).resolves.toBe(0);
    await page.locator('button[data-start]').first().click();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.locator('[data-step="booked"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows a month with the days that have times marked, and asks the server for the next month with the lead token', async () => {
    const { page, errors } = await open(1280);
    const pages: { url: string; authorization: string | undefined; status?: number }[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/api/leads/')) return;
      pages.push({ url: response.url(), authorization: response.request().headers().authorization, status: response.status() });
    });
    await page.locator('[data-step="questions"]').waitFor();
    await fillDemoForm(page, { email: 'pia@more-days.at', name: 'Pia', country: 'AT' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('[data-step="slots"]').waitFor();
    // The first day with times is chosen, and only its times are listed, in one column.
    const chosen = await page.locator('button[data-day][aria-pressed="true"]').getAttribute('data-day');
    const firstOpen = await page.locator('button[data-day].open').first().getAttribute('data-day');
    expect(chosen).toBe(firstOpen);
    const times = await page.locator('.day-times button[data-start]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-start')!));
    expect(times.length).toBeGreaterThan(0);
    const lefts = await page.locator('.day-times button[data-start]').evaluateAll((buttons) => new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().left))).size);
    expect(lefts).toBe(1);
    // Another marked day lists its own times.
    const other = page.locator('button[data-day].open').nth(1);
    const otherDay = await other.getAttribute('data-day');
    await other.click();
    await expect(page.locator('button[data-day][aria-pressed="true"]').getAttribute('data-day')).resolves.toBe(otherDay);
    const listed = await page.locator('.day-times button[data-start]').first().getAttribute('data-start');
    expect(listed).not.toBe(times[0]);

    const month = await page.locator('#usher-month').textContent();
    await page.getByRole('button', { name: 'Next month' }).click();
    await expect.poll(() => page.locator('#usher-month').textContent()).not.toBe(month);
    await expect.poll(() => pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages[0]!.url).toMatch(/\/api\/leads\/[^/]+\/slots\?from=[^&]+Z&to=[^&]+Z$/);
    expect(pages[0]!.authorization).toMatch(/^Bearer \S+$/);
    expect(pages[0]!.status).toBe(200);
    await shot(page, 'more-days', 1280);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
