import { describe, expect, it } from 'vitest';
import { chromiumAvailable, fillDemoForm, saveScreenshot, useEmbeddingSession } from '../helpers/browser.ts';

const GERMAN_DAY = /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)$/;
const FRENCH_DAY = /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)$/;

describe.skipIf(!chromiumAvailable())("the widget in the prospect's language", () => {
  const session = useEmbeddingSession();

  for (const width of [320, 1280]) {
    it(`speaks German with German dates in a German browser (${width} px)`, async () => {
      const page = await session.browser.newPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width, height: 900 } });
      const submissions: Record<string, unknown>[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/submissions')) submissions.push(request.postDataJSON());
      });
      await page.goto(session.embedding.page('inline.html'));
      const frame = page.locator('usher-form .usher');
      await frame.locator('[data-step="questions"]').waitFor();
      await expect(frame.getAttribute('lang')).resolves.toBe('de');
      await page.getByRole('button', { name: 'Weiter' }).waitFor();
      await expect(page.locator('select[name="country"] option[value="DE"]').textContent()).resolves.toBe('Deutschland');
      await page.getByRole('button', { name: 'Weiter' }).click();
      await expect(page.locator('#usher-email-error').textContent()).resolves.toBe('Pflichtfeld.');

      await fillDemoForm(page, { email: `jan.${width}@beispiel-gmbh.de`, name: 'Jan Müller' });
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.getByRole('heading', { name: 'Termin wählen' }).waitFor();
      expect(submissions[0]).toMatchObject({ locale: 'de-DE', timezone: 'Europe/Berlin' });
      const day = await page.locator('.day-times h3').textContent();
      expect(day).toMatch(GERMAN_DAY);
      // 24-hour clock, no AM/PM.
      await expect(page.locator('button[data-start]').first().textContent()).resolves.toMatch(/^\d{1,2}:\d{2}$/);
      await page.getByRole('button', { name: 'Nächster Monat' }).waitFor();
      await saveScreenshot(page, `de-slots-${width}`);

      await page.locator('button[data-start]').first().click();
      await page.getByRole('heading', { name: 'Termin bestätigen' }).waitFor();
      await expect(page.getByText(/Min\./).textContent()).resolves.toMatch(/30 Min\./);
      await page.getByRole('button', { name: 'Buchen' }).click();
      await page.getByRole('heading', { name: 'Ihr Termin ist gebucht' }).waitFor();
      await expect(page.locator('.when').textContent()).resolves.toMatch(/\d{1,2}:\d{2}\s?–\s?\d{1,2}:\d{2}\sUhr$/);
      await expect(page.locator('.when').textContent()).resolves.toContain(day!);
      await page.getByRole('link', { name: 'Zum Kalender hinzufügen' }).waitFor();
      await saveScreenshot(page, `de-booked-${width}`);
      await page.close();
    }, 60_000);
  }

  it("shows times in the zone the browser reports, and in any IANA zone the prospect picks instead", async () => {
    const page = await session.browser.newPage({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
    await page.goto(session.embedding.page('inline.html'));
    await fillDemoForm(page, { email: 'ravi@zones-inc.com', name: 'Ravi', country: 'US' });
    await page.getByRole('button', { name: 'Continue' }).click();
    const zone = page.getByLabel('Time zone');
    await expect(zone.inputValue()).resolves.toBe('America/Los_Angeles');
    // Every zone, once the prospect reaches for the list.
    await zone.focus();
    await expect.poll(() => zone.locator('option').count()).toBeGreaterThan(400);

    const start = (await page.locator('button[data-start]').first().getAttribute('data-start'))!;
    const clock = (timeZone: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(start)).replace(/\s/g, ' ');
    const label = () => page.locator(`button[data-start="${start}"]`).textContent().then((text) => text?.replace(/\s/g, ' '));
    await expect(label()).resolves.toBe(clock('America/Los_Angeles'));
    await zone.selectOption('Asia/Tokyo');
    await expect(label()).resolves.toBe(clock('Asia/Tokyo'));
    await page.locator(`button[data-start="${start}"]`).click();
    await page.getByText('Time zone: Tokyo · Japan Standard Time').waitFor();
    await page.close();
  }, 60_000);

  it('follows data-usher-locale over the browser language', async () => {
    const page = await session.browser.newPage({ locale: 'en-US', timezoneId: 'Europe/Paris' });
    await page.goto(session.embedding.page('locale-override.html'));
    await page.getByRole('button', { name: 'Continuer' }).waitFor();
    await fillDemoForm(page, { email: 'chloe@exemple-sarl.fr', name: 'Chloé Martin', country: 'FR' });
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { name: 'Choisissez un créneau' }).waitFor();
    await expect(page.locator('.day-times h3').textContent()).resolves.toMatch(FRENCH_DAY);
    await page.close();
  }, 60_000);
});
