import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, fillDemoForm, useEmbeddingSession } from '../helpers/browser.ts';

type Recorded = { name: string; detail: Record<string, unknown> };

describe.skipIf(!chromiumAvailable())('ways to put the widget on a page', () => {
  const session = useEmbeddingSession();

  async function open(name: string, query = '') {
    const page = await session.browser.newPage({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const seen: { name: string; detail: unknown }[] = [];
      Object.assign(window, { dataLayer: [], usherEvents: seen });
      for (const name of ['usher:ready', 'usher:submitted', 'usher:disqualified', 'usher:booked', 'usher:error']) {
        window.addEventListener(name, (event) => seen.push({ name, detail: (event as CustomEvent).detail }));
      }
    });
    const submissions: Record<string, unknown>[] = [];
    const bookings: Record<string, string>[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/submissions')) submissions.push(request.postDataJSON());
      if (request.method() === 'POST' && request.url().endsWith('/api/bookings')) bookings.push(request.headers());
    });
    await page.goto(session.embedding.page(name, query));
    return { page, errors, submissions, bookings };
  }

  const recorded = (page: Page) => page.evaluate(() => ({
    events: (window as unknown as { usherEvents: Recorded[] }).usherEvents,
    dataLayer: (window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer,
  }));

  it('takes over a plain site form on submit, maps its fields to questions and books in the popup', async () => {
    const { page, errors, submissions } = await open('attach.html');
    await page.fill('input[name="work_email"]', 'jonas@attach-gmbh.de');
    await page.fill('input[name="full_name"]', 'Jonas Weber');
    await page.selectOption('select[name="company_size"]', '11-50');
    await page.selectOption('select[name="country"]', 'DE');
    await page.check('input[name="newsletter"]');
    await page.getByRole('button', { name: 'Talk to sales' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-step="slots"]').waitFor();
    expect(page.url()).toBe(session.embedding.page('attach.html'));
    expect(submissions).toHaveLength(1);
    expect(submissions[0]!.answers).toEqual({ email: 'jonas@attach-gmbh.de', name: 'Jonas Weber', company_size: '11-50', country: 'DE' });

    await dialog.locator('button[data-start]').first().click();
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await dialog.getByRole('heading', { name: 'You are booked' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('asks in the popup for what the site form lacks, keeping what it had', async () => {
    const { page, submissions } = await open('attach.html');
    await page.fill('input[name="work_email"]', 'lina@attach-gmbh.de');
    await page.fill('input[name="full_name"]', 'Lina Berg');
    await page.getByRole('button', { name: 'Talk to sales' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.locator('#usher-company_size-error').waitFor();
    await expect(dialog.locator('input[name="email"]').inputValue()).resolves.toBe('lina@attach-gmbh.de');
    await expect(dialog.locator('#usher-country-error').textContent()).resolves.toBe('This field is required.');
    expect(submissions).toEqual([]);
    await dialog.locator('select[name="company_size"]').selectOption('51-200');
    await dialog.locator('select[name="country"]').selectOption('FR');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.locator('[data-step="slots"]').waitFor();
    await page.close();
  }, 60_000);

  for (const [name, shape] of [['queued.html', 'Usher.q.push([...])'], ['queued-function.html', 'Usher(...) queue function']] as const) {
    it(`runs an open queued before the script loaded (${shape})`, async () => {
      const { page, errors } = await open(name);
      const dialog = page.getByRole('dialog', { name: 'Book a demo' });
      await dialog.locator('[data-step="questions"]').waitFor();
      // After load the same calls run at once.
      await page.getByRole('button', { name: 'Close' }).click();
      await page.evaluate(() => (window as unknown as { Usher: { q: { push(c: unknown[]): void } } }).Usher.q.push(['open', 'demo']));
      await dialog.locator('[data-step="questions"]').waitFor();
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  }

  it('runs two widgets on one page independently, each in its own language', async () => {
    const { page } = await open('two-widgets.html');
    const first = page.locator('#first usher-form');
    const second = page.locator('#second usher-form');
    await first.locator('[data-step="questions"]').waitFor();
    await second.getByRole('button', { name: 'Continuar' }).waitFor();

    await fillDemoForm(first, { email: 'ada@two-widgets.io', name: 'Ada' });
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.locator('[data-step="slots"]').waitFor();
    await expect(second.locator('[data-step]').getAttribute('data-step')).resolves.toBe('questions');
    await expect(second.locator('input[name="email"]').inputValue()).resolves.toBe('');

    await fillDemoForm(second, { email: 'eva@two-widgets.io', name: 'Eva', country: 'ES' });
    await second.getByRole('button', { name: 'Continuar' }).click();
    await second.locator('button[data-start]').first().click();
    await second.getByRole('button', { name: 'Reservar' }).click();
    await second.getByRole('heading', { name: 'Tu reunión está reservada' }).waitFor();
    await expect(first.locator('[data-step]').getAttribute('data-step')).resolves.toBe('slots');
    await page.close();
  }, 60_000);

  it('sends UTM parameters and the page address, and reports each step on window and dataLayer without personal data', async () => {
    const query = '?utm_source=newsletter&utm_medium=email&utm_campaign=spring';
    const { page, errors, submissions, bookings } = await open('inline.html', query);
    await page.locator('[data-step="questions"]').waitFor();
    await fillDemoForm(page, { email: 'uma@attribution.io', name: 'Uma Patel', country: 'IN' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('button[data-start]').first().click();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('heading', { name: 'You are booked' }).waitFor();

    expect(submissions[0]).toMatchObject({
      timezone: 'Europe/Berlin',
      locale: 'en-US',
      context: { pageUrl: session.embedding.page('inline.html', query), utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } },
    });
    expect(bookings).toHaveLength(1);
    expect(bookings[0]!['idempotency-key']).toMatch(/^\d+(-\d+){3}$/);
    const { events, dataLayer } = await recorded(page);
    expect(events.map((e) => e.name)).toEqual(['usher:ready', 'usher:submitted', 'usher:booked']);
    expect(events[1]!.detail).toEqual({ formId: 'demo', outcome: 'schedule', leadId: expect.any(String) });
    expect(events[2]!.detail).toEqual({ formId: 'demo', leadId: events[1]!.detail.leadId, bookingId: expect.any(String), start: expect.stringMatching(/Z$/) });
    expect(dataLayer).toEqual(events.map((e) => ({ event: e.name, ...e.detail })));
    expect(JSON.stringify(dataLayer)).not.toMatch(/uma|Patel|attribution/i);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('reports bad calls as usher:error events instead of throwing into the page', async () => {
    const { page, errors } = await open('inline.html');
    await page.locator('[data-step="questions"]').waitFor();
    await page.evaluate(() => {
      const usher = (window as unknown as { Usher: ((...a: unknown[]) => void) & { mount(t: string, f: string): void; q: { push(c: unknown): void } } }).Usher;
      usher('explode');
      usher.mount('#nowhere', 'demo');
      usher.q.push('not a command');
    });
    const { events } = await recorded(page);
    expect(events.filter((e) => e.name === 'usher:error').map((e) => e.detail.code)).toEqual(['widget_error', 'widget_error', 'widget_error']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
