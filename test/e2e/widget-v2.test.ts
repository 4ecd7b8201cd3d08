import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, fillDemoForm, useEmbeddingSession } from '../helpers/browser.ts';

/**
 * The widget as marketers embed it and prospects use it, in Chromium against a real
 * `usher serve`: an attached site form (with the real 2 s minimum fill time), what each
 * error says, Back, closing, late mounting, zones and the phone sheet.
 */
describe.skipIf(!chromiumAvailable())('widget v2', () => {
  // The real minimum fill time, unlike the other browser tests.
  // and the form's texts in English and German.
  const session = useEmbeddingSession({
    config: (yaml) => yaml.replace('minimumFillSeconds: 0', 'minimumFillSeconds: 2')
      .replace('label: Work email,', 'label: { en: Work email, de: Geschäftliche E-Mail },')
      .replace('    title: Book a demo\n', '    title: { en: Book a demo, de: Demo buchen }\n'),
  });

  /** `before` runs before the page is opened: routes set later would race the page's first requests. */
  async function open(name: string, options: { timezoneId?: string; width?: number; locale?: string; before?: (page: Page) => Promise<unknown> } = {}) {
    const page = await session.browser.newPage({
      locale: options.locale ?? 'en-US', timezoneId: options.timezoneId ?? 'Europe/Berlin',
      viewport: { width: options.width ?? 1280, height: 800 },
    });
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    const submissions: { status: number; body: Record<string, unknown> }[] = [];
    const sitePosts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/thanks.html') sitePosts.push(request.postData() ?? '');
    });
    // When the page last got a form (and so a form token): the fill time counts from there.
    const isForm = (request: Request) => request.method() === 'GET' && /\/api\/forms\/[^/?]+(\?|$)/.test(request.url());
    const tokens = { at: 0, pending: 0 };
    page.on('request', (request) => { if (isForm(request)) tokens.pending++; });
    page.on('requestfinished', (request) => { if (isForm(request)) { tokens.pending--; tokens.at = Date.now(); } });
    page.on('requestfailed', (request) => { if (isForm(request)) tokens.pending--; });
    page.on('response', async (response) => {
      if (response.request().method() === 'POST' && response.url().endsWith('/submissions')) {
        // Counted at once, so a step the response brought never shows before its count.
        const submission = { status: response.status(), body: {} as Record<string, unknown> };
        submissions.push(submission);
        submission.body = await response.json().catch(() => ({}));
      }
    });
    await options.before?.(page);
    await page.goto(session.embedding.page(name));
    /**
     * A person takes longer than the minimum fill time; a test must wait it out, counted
     * from the last form token the page was given (a busy machine may fetch it late).
     */
    const waitOutFillTime = async () => {
      const giveUp = Date.now() + 15_000;
      while (tokens.pending > 0 || !tokens.at || Date.now() < tokens.at + 2300) {
        if (Date.now() > giveUp) throw new Error(`no form token to wait out (${tokens.pending} form requests pending, last at ${tokens.at})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return { page, errors, warnings, submissions, sitePosts, waitOutFillTime };
  }

  async function fillSiteForm(page: Page, size: string, email = 'jonas@attach-gmbh.de') {
    await page.fill('input[name="work_email"]', email);
    await page.fill('input[name="full_name"]', 'Jonas Weber');
    await page.selectOption('select[name="company_size"]', size);
    await page.selectOption('select[name="country"]', 'DE');
  }

  it('books from an attached site form on the first submit, then lets the site form post to its own action', async () => {
    const { page, errors, submissions, sitePosts, waitOutFillTime } = await open('attach.html');
    await fillSiteForm(page, '11-50');
    await waitOutFillTime();
    await page.getByRole('button', { name: 'Talk to sales' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-step="slots"]').waitFor();
    // The first submit is accepted: the form token was fetched when the page loaded.
    expect(submissions.map((s) => s.status)).toEqual([200]);
    expect(sitePosts).toEqual([]);

    await dialog.locator('button[data-start]').first().click();
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await dialog.getByRole('heading', { name: 'You are booked' }).waitFor();
    // What, where the invitation went, and a calendar of the prospect's choice.
    await expect(dialog.locator('[data-step="booked"]').textContent()).resolves.toContain('The invitation is on its way to jonas@attach-gmbh.de.');
    const google = new URL((await dialog.getByRole('link', { name: 'Google Calendar' }).getAttribute('href'))!);
    expect(google.host).toBe('calendar.google.com');
    expect(google.searchParams.get('dates')).toMatch(/^\d{8}T\d{6}Z\/\d{8}T\d{6}Z$/);
    const outlook = new URL((await dialog.getByRole('link', { name: 'Outlook.com' }).getAttribute('href'))!);
    expect(Date.parse(outlook.searchParams.get('enddt')!) - Date.parse(outlook.searchParams.get('startdt')!)).toBe(30 * 60_000);
    await expect(dialog.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).resolves.toMatch(/\.ics$|\/ics/);
    // The CRM's record: the site form's own fields, posted in the background.
    await expect.poll(() => sitePosts.length).toBe(1);
    expect(new URLSearchParams(sitePosts[0]).get('work_email')).toBe('jonas@attach-gmbh.de');
    expect(new URLSearchParams(sitePosts[0]).get('company_size')).toBe('11-50');
    // The prospect stays on the booked step.
    expect(page.url()).toBe(session.embedding.page('attach.html'));
    await expect(dialog.getByRole('heading', { name: 'You are booked' }).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('tells a prospect who already booked of their meeting, and still lets the site form post', async () => {
    const { page, errors, submissions, sitePosts, waitOutFillTime } = await open('attach.html');
    // The address booked in the test above.
    await fillSiteForm(page, '11-50');
    await waitOutFillTime();
    await page.getByRole('button', { name: 'Talk to sales' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'You are booked' }).waitFor();
    const text = await dialog.locator('[data-step="known"]').textContent();
    expect(text).toMatch(/You already have a meeting booked: Northwind demo with \w/);
    expect(text).toContain('We have emailed you the link to change or cancel it.');
    expect(submissions.at(-1)?.body).toMatchObject({ outcome: 'already_booked' });
    expect(JSON.stringify(submissions.at(-1)?.body)).not.toMatch(/\/m\/|leadToken/);
    await expect.poll(() => sitePosts.length).toBe(1);
    await dialog.getByRole('button', { name: 'Change answers' }).click();
    await dialog.locator('[data-step="questions"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('sends a prospect who is not a fit on to the site form\'s own action at once', async () => {
    const { page, sitePosts, waitOutFillTime } = await open('attach.html');
    // Another address: the one booked above is a known prospect now, told of the meeting.
    await fillSiteForm(page, '1-10', 'jonas@tiny-attach.de');
    await waitOutFillTime();
    await page.getByRole('button', { name: 'Talk to sales' }).click();
    await page.waitForURL(/\/thanks\.html$/);
    await page.getByRole('heading', { name: 'Thanks, we got your details' }).waitFor();
    expect(new URLSearchParams(sitePosts[0]).get('full_name')).toBe('Jonas Weber');
    await page.close();
  }, 60_000);

  it('says what to do for each error, not "check your connection"', async () => {
    const { page, warnings, waitOutFillTime } = await open('popup.html');
    const dialog = page.getByRole('dialog');
    const answer = (status: number, body: unknown) => page.route('**/api/forms/demo/submissions', (route) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) }), { times: 1 });
    await page.getByRole('button', { name: 'Book a demo' }).click();
    await dialog.locator('[data-step="questions"]').waitFor();
    await fillDemoForm(dialog, { email: 'mia@errors.io', name: 'Mia Error' });
    await waitOutFillTime();

    for (const [status, code, text] of [
      [429, 'rate_limited', 'You have already sent this form several times.'],
      [422, 'submission_rejected', 'This form needs a fresh start.'],
    ] as const) {
      await answer(status, { error: { code, message: code } });
      await dialog.getByRole('button', { name: 'Continue' }).click();
      const alert = dialog.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toContain(text);
      await expect(alert.textContent()).resolves.not.toContain('connection');
      // Back to the form with a fresh form token, the answers kept.
      await alert.getByRole('button', { name: 'Back to the form' }).click();
      await dialog.locator('[data-step="questions"]').waitFor();
      await expect(dialog.locator('input[name="email"]').inputValue()).resolves.toBe('mia@errors.io');
      await waitOutFillTime();
    }

    // No answer at all (here: refused, as a missing allowed origin is): the connection
    // message for the prospect, and a hint in the console for the marketer.
    await page.route('**/api/forms/demo/submissions', (route) => route.abort('failed'), { times: 1 });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain('We could not reach the booking service.');
    expect(warnings.join('\n')).toContain('organization.allowedOrigins');

    // Trying again finds the server busy, then gets through.
    await answer(503, { error: { code: 'overloaded', message: 'overloaded' } });
    await dialog.getByRole('alert').getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('We are very busy right now.');
    await dialog.getByRole('alert').getByRole('button', { name: 'Try again' }).click();
    await dialog.locator('[data-step="slots"]').waitFor();
    await page.close();
  }, 90_000);

  it('goes Back from the times to the answers and returns to the same times without a second lead', async () => {
    const { page, submissions, waitOutFillTime } = await open('popup.html');
    const dialog = page.getByRole('dialog');
    await page.getByRole('button', { name: 'Book a demo' }).click();
    await fillDemoForm(dialog, { email: 'ben@back.io', name: 'Ben Back' });
    await waitOutFillTime();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.locator('[data-step="slots"]').waitFor();
    const first = await dialog.locator('button[data-start]').first().getAttribute('data-start');

    await dialog.getByRole('button', { name: 'Change answers' }).click();
    await dialog.locator('[data-step="questions"]').waitFor();
    await expect(dialog.locator('input[name="name"]').inputValue()).resolves.toBe('Ben Back');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.locator('[data-step="slots"]').waitFor();
    await expect(dialog.locator('button[data-start]').first().getAttribute('data-start')).resolves.toBe(first);
    expect(submissions).toHaveLength(1);
    await page.close();
  }, 60_000);

  it('shows the form\'s own texts in German to a German browser, and in English to others', async () => {
    for (const [locale, title, label] of [['de-DE', 'Demo buchen', 'Geschäftliche E-Mail'], ['fr-FR', 'Book a demo', 'Work email']] as const) {
      const { page } = await open('inline.html', { locale });
      const widget = page.locator('usher-form');
      await widget.locator('[data-step="questions"]').waitFor();
      await expect(widget.locator('h2').textContent()).resolves.toBe(title);
      await expect(widget.locator('label[for="usher-email"]').textContent()).resolves.toContain(label);
      await page.close();
    }
  }, 60_000);

  it('keeps the answers through a reload of the page', async () => {
    const { page } = await open('inline.html');
    const widget = page.locator('usher-form');
    await widget.locator('input[name="email"]').fill('rhea@reload.io');
    await widget.locator('input[name="name"]').fill('Rhea Reload');
    await page.reload();
    await widget.locator('[data-step="questions"]').waitFor();
    await expect(widget.locator('input[name="email"]').inputValue()).resolves.toBe('rhea@reload.io');
    await expect(widget.locator('input[name="name"]').inputValue()).resolves.toBe('Rhea Reload');
    await page.close();
  }, 60_000);

  it('comes back to the times, the time being confirmed and the booking after a reload, on one lead', async () => {
    const { page, submissions, waitOutFillTime } = await open('inline.html');
    const widget = page.locator('usher-form');
    await fillDemoForm(widget, { email: 'remy@resume.io', name: 'Remy Resume' });
    await waitOutFillTime();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.locator('[data-step="slots"]').waitFor();
    const first = await widget.locator('button[data-start]').first().getAttribute('data-start');

    await page.reload();
    await widget.locator('[data-step="slots"]').waitFor();
    await expect(widget.locator('button[data-start]').first().getAttribute('data-start')).resolves.toBe(first);
    await widget.locator(`button[data-start="${first}"]`).click();
    await widget.locator('[data-step="confirm"]').waitFor();

    await page.reload();
    await widget.locator('[data-step="confirm"]').waitFor();
    await widget.getByRole('button', { name: 'Book', exact: true }).click();
    await widget.getByRole('heading', { name: 'You are booked' }).waitFor();

    await page.reload();
    await widget.getByRole('heading', { name: 'You are booked' }).waitFor();
    await expect(widget.locator('[data-step="booked"]').textContent()).resolves.toContain('The invitation is on its way to remy@resume.io.');
    // One lead all along; of the answers, only the address the invitation went to is kept.
    expect(submissions).toHaveLength(1);
    const kept = await page.evaluate(() => sessionStorage.getItem('usher:demo'));
    expect(kept).not.toContain('Remy Resume');
    await page.close();
  }, 90_000);

  it('booked in one tab, offers the other tab the meeting\'s link by email; the booked tab joins the video call', async () => {
    const { page: first, waitOutFillTime } = await open('inline.html');
    const widget = first.locator('usher-form');
    await fillDemoForm(widget, { email: 'tess@tabs.io', name: 'Tess Tabs' });
    await waitOutFillTime();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.locator('button[data-start]').first().click();
    await widget.locator('[data-step="confirm"]').waitFor();
    // A duplicated tab starts with a copy of the tab's sessionStorage.
    const kept = await first.evaluate(() => sessionStorage.getItem('usher:demo'));
    const second = await session.browser.newPage({ locale: 'en-US', timezoneId: 'Europe/Berlin' });
    await second.addInitScript((value) => sessionStorage.setItem('usher:demo', value), kept!);
    await second.goto(session.embedding.page('inline.html'));
    const other = second.locator('usher-form');
    await other.locator('[data-step="confirm"]').waitFor();

    await widget.getByRole('button', { name: 'Book', exact: true }).click();
    await widget.getByRole('heading', { name: 'You are booked' }).waitFor();
    const video = await widget.getByRole('link', { name: 'Join the video call' }).getAttribute('href');
    expect(video).toMatch(/^https:\/\/meet\.example\.com\/northwind\/[\w-]+$/);
    expect(video).not.toContain('{bookingId}');

    await other.getByRole('button', { name: 'Book', exact: true }).click();
    const alert = other.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('You already have a meeting booked for this request.');
    const sent = second.waitForResponse((response) => response.url().endsWith('/manage-link'));
    await other.getByRole('button', { name: 'Email me my link' }).click();
    expect((await sent).status()).toBe(202);
    await other.getByRole('status').filter({ hasText: 'Sent. Check your inbox.' }).waitFor();
    await expect(other.getByRole('button', { name: 'Email me my link' }).count()).resolves.toBe(0);
    await first.close();
    await second.close();
  }, 90_000);

  it('says what to do when the scheduler\'s module cannot be fetched, and goes on once it can', async () => {
    const blocked = (page: Page) => page.route('**/widget/scheduler-*.js', (route) => route.abort('failed'));
    const { page, waitOutFillTime } = await open('inline.html', { before: blocked });
    const widget = page.locator('usher-form');
    await fillDemoForm(widget, { email: 'omar@offline.io', name: 'Omar Offline' });
    await waitOutFillTime();
    await widget.getByRole('button', { name: 'Continue' }).click();
    const alert = widget.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Please check your connection and try again.');
    await page.unroute('**/widget/scheduler-*.js');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await widget.locator('[data-step="slots"]').waitFor();
    await page.close();
  }, 60_000);

  it('closes the popup with Usher.close() and mounts a form element added after load', async () => {
    const { page, errors } = await open('late-mount.html');
    await page.getByRole('button', { name: 'Book a demo' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-step="questions"]').waitFor();
    await page.evaluate(() => (window as unknown as { Usher: { close(): void } }).Usher.close());
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.evaluate(() => {
      const form = document.createElement('section');
      form.setAttribute('data-usher-form', 'demo');
      document.getElementById('later')!.append(form);
    });
    await page.locator('usher-form [data-step="questions"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows and sends a Kolkata browser\'s zone by its current name, readable, and finds another by searching', async () => {
    const { page, submissions, waitOutFillTime } = await open('inline.html', { timezoneId: 'Asia/Kolkata' });
    const widget = page.locator('usher-form');
    await fillDemoForm(widget, { email: 'asha@zones.io', name: 'Asha Rao' });
    await waitOutFillTime();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.locator('[data-step="slots"]').waitFor();
    const zone = widget.locator('#usher-zone');
    await expect(zone.inputValue()).resolves.toBe('Asia/Kolkata');
    // Readable: city, long generic name and local time, under its offset.
    await expect(zone.locator('option:checked').textContent()).resolves.toMatch(/^Kolkata · India Standard Time · \d{1,2}:\d{2}\s[AP]M/);
    await expect(zone.locator('option:checked').evaluate((option) => (option.parentElement as HTMLOptGroupElement).label)).resolves.toBe('GMT+05:30');
    // The whole list, made as the prospect reaches for it: current names only, grouped west to east.
    await zone.focus();
    await expect.poll(() => zone.locator('option').count()).toBeGreaterThan(300);
    const names = await zone.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(names).toContain('Asia/Kolkata');
    expect(names).not.toContain('Asia/Calcutta');
    expect(names).toContain('Europe/Kyiv');
    const groups = await zone.locator('optgroup').evaluateAll((list) => list.map((g) => (g as HTMLOptGroupElement).label));
    expect(groups[0]).toBe('GMT-11:00');
    expect(groups).toContain('GMT+05:45');
    // Searching narrows the list; Enter takes the first zone found, and the times follow.
    const firstTime = await widget.locator('button[data-start]').first().textContent();
    await widget.getByRole('searchbox', { name: 'Search a city or zone' }).fill('kyiv');
    await expect.poll(() => zone.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['Europe/Kyiv', 'Asia/Kolkata']);
    await page.keyboard.press('Enter');
    await expect.poll(() => zone.inputValue()).toBe('Europe/Kyiv');
    await expect.poll(() => widget.locator('button[data-start]').first().textContent()).not.toBe(firstTime);
    await expect.poll(() => submissions[0]?.body.timezone).toBe('Asia/Kolkata');
    await page.close();
  }, 60_000);

  it('opens as a full-screen sheet on a phone, its close button in reach however far the prospect scrolls', async () => {
    const { page, waitOutFillTime } = await open('popup.html', { width: 390 });
    await page.getByRole('button', { name: 'Book a demo' }).click();
    const dialog = page.getByRole('dialog');
    await fillDemoForm(dialog, { email: 'pia@phone.io', name: 'Pia Phone' });
    await waitOutFillTime();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.locator('[data-step="slots"]').waitFor();
    // The whole step, month and the chosen day's 15-minute times, within 1,200 px.
    const height = await dialog.locator('.usher').evaluate((frame) => frame.scrollHeight);
    console.log(`slot step at 390 px: ${height} px tall`);
    expect(height).toBeLessThanOrEqual(1200);
    const box = await dialog.boundingBox();
    expect(box!.width).toBe(390);
    expect(box!.height).toBe(800);
    await dialog.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    const close = dialog.getByRole('button', { name: 'Close' });
    const closeBox = await close.boundingBox();
    expect(closeBox!.y).toBeGreaterThanOrEqual(0);
    expect(closeBox!.y + closeBox!.height).toBeLessThanOrEqual(800);
    await close.click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.close();
  }, 60_000);
});
