import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, fillDemoForm, saveScreenshot, useEmbeddingSession } from '../helpers/browser.ts';

/** No inline script or style anywhere; scripts and requests only from the page itself and the widget's server. */
const strictCsp = (usher: string) =>
  `default-src 'none'; script-src 'self' ${usher}; connect-src 'self' ${usher}; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'`;

const STYLES = [
  'display', 'position', 'boxSizing', 'color', 'backgroundColor', 'fontFamily', 'fontSize', 'fontStyle', 'fontWeight',
  'lineHeight', 'letterSpacing', 'wordSpacing', 'textTransform', 'textAlign', 'paddingTop', 'paddingLeft', 'marginTop',
  'marginLeft', 'borderTopWidth', 'borderTopStyle', 'borderTopColor', 'borderTopLeftRadius', 'minHeight', 'cursor',
] as const;

/** Every element of a widget, from its host (or dialog) down: tag, box relative to it, and computed styles. */
function measure(page: Page, selector: string) {
  return page.evaluate(({ selector, styles }) => {
    const host = document.querySelector(selector)!;
    const root = host.shadowRoot!;
    const frame = root.querySelector('dialog') ?? host;
    const origin = frame.getBoundingClientRect();
    return [host, ...root.querySelectorAll('*')].map((element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return {
        element: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}`,
        // Options inside a closed select have no box of their own.
        box: (element === host && frame !== host) || (box.width === 0 && box.height === 0)
          ? 'none'
          : [box.x - origin.x, box.y - origin.y, box.width, box.height].map(Math.round),
        style: Object.fromEntries(styles.map((name) => [name, style[name]])),
      };
    });
  }, { selector, styles: STYLES });
}

describe.skipIf(!chromiumAvailable())('the widget on hostile and locked-down host pages', () => {
  const session = useEmbeddingSession({ headers: (path, usher): Record<string, string> => (path.endsWith('/strict-csp.html') ? { 'content-security-policy': strictCsp(usher) } : {}) });

  async function open(name: string) {
    const page = await session.browser.newPage({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(session.embedding.page(name));
    await page.locator('usher-form [data-step="questions"]').waitFor();
    return { page, errors };
  }

  async function book(page: Page, email: string) {
    await fillDemoForm(page, { email, name: 'Kim Lee' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('button[data-start]').first().click();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('heading', { name: 'You are booked' }).waitFor();
  }

  it("looks the same on a page whose CSS restyles every button, input and div, and leaves that page's own styles alone", async () => {
    const clean = await open('clean.html');
    const hostile = await open('hostile.html');
    expect(await measure(hostile.page, 'usher-form')).toEqual(await measure(clean.page, 'usher-form'));

    // The popup, whose host sits at the end of <body> among the page's own elements.
    for (const { page } of [clean, hostile]) {
      await page.click('#open-popup');
      await page.locator('usher-popup [data-step="questions"]').waitFor();
    }
    expect(await measure(hostile.page, 'usher-popup')).toEqual(await measure(clean.page, 'usher-popup'));
    await saveScreenshot(hostile.page, 'hostile-page-popup-1280');

    const site = await hostile.page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        button: [style('#site-button').color, style('#site-button').fontSize, style('#site-button').borderTopStyle],
        input: [style('#site-input').backgroundColor, style('#site-input').paddingTop],
        box: [style('#site-box').display, style('#site-box').minHeight, style('#site-box').textTransform],
        form: style('#site-form').display,
        body: [style('body').color, style('body').lineHeight, style('body').boxSizing],
        sheets: [document.styleSheets.length, document.adoptedStyleSheets.length],
      };
    });
    expect(site).toEqual({
      button: ['rgb(255, 0, 255)', '30px', 'dashed'],
      input: ['rgb(255, 255, 0)', '20px'],
      box: ['block', '120px', 'uppercase'],
      form: 'none',
      body: ['rgb(204, 0, 255)', '90px', 'content-box'],
      sheets: [1, 0],
    });
    expect([...clean.errors, ...hostile.errors]).toEqual([]);
    await Promise.all([clean.page.close(), hostile.page.close()]);
  }, 60_000);

  it('books a meeting on that page, although it hides every form', async () => {
    const { page, errors } = await open('hostile.html');
    await saveScreenshot(page, 'hostile-page-1280');
    await book(page, 'lena@hostile-corp.de');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('books a meeting under a CSP that allows scripts and requests only from the widget origin and no inline styles', async () => {
    const { page, errors } = await open('strict-csp.html');
    // Styled: the constructed stylesheet applies where a <style> element would be blocked.
    const button = page.getByRole('button', { name: 'Continue' });
    await expect(button.evaluate((element) => getComputedStyle(element).backgroundColor)).resolves.toBe('rgb(36, 80, 200)');
    await book(page, 'omar@strict-corp.de');
    await saveScreenshot(page, 'strict-csp-booked-1280');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
