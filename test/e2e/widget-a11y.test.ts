import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, fillDemoForm, focused, seriousAxeViolations, useEmbeddingSession } from '../helpers/browser.ts';
import { en as first, type Messages } from '../../widget/messages.ts';
import { later } from '../../widget/messages/en.ts';

const en: Messages = { ...first, ...later };
import de from '../../widget/messages/de.ts';

describe.skipIf(!chromiumAvailable())('the widget for keyboard and screen reader users', () => {
  const session = useEmbeddingSession();

  async function open(name: string, locale = 'en-US') {
    const page = await session.browser.newPage({ locale, timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const events: { name: string; detail: unknown }[] = [];
      (window as unknown as { usherEvents: typeof events }).usherEvents = events;
      for (const name of ['usher:ready', 'usher:submitted', 'usher:disqualified', 'usher:booked', 'usher:error']) {
        window.addEventListener(name, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
      }
    });
    await page.goto(session.embedding.page(name));
    return { page, errors };
  }

  const events = (page: Page) => page.evaluate(() => (window as unknown as { usherEvents: { name: string; detail: Record<string, string> }[] }).usherEvents);

  async function pressUntilFocused(page: Page, key: string, pattern: RegExp, limit = 8) {
    for (let i = 0; i < limit; i++) {
      if (pattern.test(await focused(page))) return;
      await page.keyboard.press(key);
    }
    throw new Error(`focus never reached ${pattern}: it is on ${await focused(page)}`);
  }

  it('books a meeting from the first Tab into the widget to the confirmation without a mouse', async () => {
    const { page, errors } = await open('inline.html');
    await page.locator('[data-step="questions"]').waitFor();
    await pressUntilFocused(page, 'Tab', /^input#usher-email/);

    // Sending nothing shows the problems and puts focus on the first one.
    await pressUntilFocused(page, 'Tab', /^button\.primary "Continue"/);
    await page.keyboard.press('Enter');
    // The checks come with the steps' module (fetched once the prospect is in the form).
    await expect.poll(() => focused(page)).toMatch(/^input#usher-email/);
    await expect(page.locator('#usher-email-error').textContent()).resolves.toBe('This field is required.');

    await page.keyboard.type('noor@keyboard-first.de');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Noor Haddad');
    await page.keyboard.press('Tab');
    await page.keyboard.type('51'); // a closed select picks the option its typed text starts
    await page.keyboard.press('Tab');
    await page.keyboard.type('Germany');
    expect(await page.locator('select[name="country"]').inputValue()).toBe('DE');
    await pressUntilFocused(page, 'Tab', /^button\.primary "Continue"/);
    await page.keyboard.press('Enter');

    await page.locator('[data-step="slots"]').waitFor();
    expect(await focused(page)).toBe('h2#usher-title "Pick a time"');
    // Tab reaches the month: the chosen day (the first with times) is the one in the tab order.
    const activeDay = () => page.evaluate(() => document.querySelector('usher-form')!.shadowRoot!.activeElement!.getAttribute('data-day'));
    for (let i = 0; i < 10 && !(await activeDay()); i++) await page.keyboard.press('Tab');
    const chosen = await page.locator('button[data-day][aria-pressed="true"]').getAttribute('data-day');
    expect(await activeDay()).toBe(chosen);

    // Arrow keys move across days: right to the next day, down a week, up and left back.
    await page.keyboard.press('ArrowRight');
    const next = await activeDay();
    expect(next! > chosen!).toBe(true);
    await page.keyboard.press('ArrowDown');
    const weekLater = await activeDay();
    expect(Date.parse(weekLater!) - Date.parse(next!)).toBe(7 * 86_400_000);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    expect(await activeDay()).toBe(chosen);
    // Reaching a day with times chose it: its times are listed.
    await expect(page.locator('button[data-day][aria-pressed="true"]').getAttribute('data-day')).resolves.toBe(chosen);

    // Tab on to the chosen day's first time.
    await pressUntilFocused(page, 'Tab', /^button "/);
    const first = await page.locator('.day-times button[data-start]').nth(0).getAttribute('data-start');
    const active = () => page.evaluate(() => document.querySelector('usher-form')!.shadowRoot!.activeElement!.getAttribute('data-start'));
    expect(await active()).toBe(first);

    await page.keyboard.press('Enter');
    await page.locator('[data-step="confirm"]').waitFor();
    expect(await focused(page)).toBe('h2#usher-title "Confirm your meeting"');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button.primary "Book"');
    await page.keyboard.press('Enter');

    await page.locator('[data-step="booked"]').waitFor();
    expect(await focused(page)).toBe('h2#usher-title "You are booked"');
    await pressUntilFocused(page, 'Tab', /^a\.button\.primary "Add to calendar"/);
    const booked = (await events(page)).find((event) => event.name === 'usher:booked');
    expect(booked?.detail.start).toBe(first);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  for (const [locale, m] of [['en-US', en], ['de-DE', de]] as const) {
    it(`has no serious or critical axe violations at any step (${locale})`, async () => {
      const { page, errors } = await open('inline.html', locale);
      const check = async (step: string) => {
        await page.locator(`[data-step="${step}"]`).waitFor();
        expect(await seriousAxeViolations(page), step).toEqual([]);
      };
      await check('questions');
      await page.getByRole('button', { name: m.continue }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await check('questions');

      // A network failure, then the retry that works.
      await page.route('**/api/forms/demo/submissions', (route) => route.abort(), { times: 1 });
      // An address per run: the first run's booking makes its address a known prospect.
      await fillDemoForm(page, { email: `ines-${locale}@axe-check.pt`, name: 'Inês Costa', country: 'PT' });
      await page.getByRole('button', { name: m.continue }).click();
      await check('error');
      await page.getByRole('button', { name: m.retry }).click();
      await check('slots');

      // The slot just taken: the server's 409 with what is still free.
      const starts = await page.locator('button[data-start]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-start')!));
      const free = starts.slice(1, 4).map((start) => ({ start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() }));
      await page.route('**/api/bookings', (route) => route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'slot_taken', message: 'that slot was just taken', slots: free } }),
      }), { times: 1 });
      await page.locator('button[data-start]').first().click();
      await check('confirm');
      await page.getByRole('button', { name: m.book, exact: true }).click();
      await page.getByRole('alert').filter({ hasText: m.slotTaken }).waitFor();
      await check('slots');

      await page.locator('button[data-start]').first().click();
      await page.getByRole('button', { name: m.book, exact: true }).click();
      await check('booked');
      expect(errors).toEqual([]);
      await page.close();

      const notAFit = await open('inline.html', locale);
      await notAFit.page.locator('[data-step="questions"]').waitFor();
      await fillDemoForm(notAFit.page, { email: 'sam@tiny-shop.fr', name: 'Sam', size: '1-10', country: 'FR' });
      await notAFit.page.getByRole('button', { name: m.continue }).click();
      await notAFit.page.getByRole('heading', { name: 'Thanks for your interest' }).waitFor();
      expect(await seriousAxeViolations(notAFit.page)).toEqual([]);
      await expect(notAFit.page.getByRole('link', { name: 'Start a free trial' }).getAttribute('href')).resolves.toBe('https://northwind.test/trial');
      await notAFit.page.close();

      const popup = await open('popup.html', locale);
      await popup.page.getByRole('button', { name: 'Book a demo' }).click();
      await popup.page.getByRole('dialog', { name: 'Book a demo' }).locator('[data-step="questions"]').waitFor();
      expect(await seriousAxeViolations(popup.page)).toEqual([]);
      await popup.page.close();
    }, 90_000);
  }

  it('opens the popup as a modal dialog that keeps focus, closes on Escape and gives focus back', async () => {
    const { page, errors } = await open('popup.html');
    await page.waitForFunction(() => typeof (window as { Usher?: { open?: unknown } }).Usher?.open === 'function');
    await pressUntilFocused(page, 'Tab', /^button "Book a demo"/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Book a demo' });
    await dialog.locator('[data-step="questions"]').waitFor();
    await page.waitForFunction(() => document.querySelector('usher-popup')?.shadowRoot?.activeElement?.id === 'usher-title');

    // The page behind is inert: Tab visits the dialog's controls and, past the last one,
    // the browser's own UI (nothing focused in the page) before coming back to the first.
    const visited: string[] = [];
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      visited.push(await focused(page));
    }
    expect(visited).not.toContainEqual(expect.stringMatching(/Features|Pricing|Book a demo/));
    expect(visited).toContain('button.close "Close"');
    expect(visited.filter((f) => f === 'body').length).toBeLessThanOrEqual(1);

    await page.keyboard.press('Escape');
    await expect(dialog.isVisible()).resolves.toBe(false);
    expect(await focused(page)).toBe('button "Book a demo"');

    // Opening again keeps what was typed; the close button closes too.
    await page.keyboard.press('Enter');
    await dialog.locator('input[name="email"]').fill('kept@example-corp.com');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await focused(page)).toBe('button "Book a demo"');
    await page.keyboard.press('Enter');
    await expect(dialog.locator('input[name="email"]').inputValue()).resolves.toBe('kept@example-corp.com');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
