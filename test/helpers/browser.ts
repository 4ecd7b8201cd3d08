import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type axe from 'axe-core';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ROOT } from './app.ts';
import { startServer, type RunningServer } from './server.ts';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether browser tests can run. In CI a missing Chromium is a failure, not a skip, so
 * the suite cannot pass without its browser tests; locally they skip with the reason.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.warn(`skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

// ---------------------------------------------------------------------------------------
// Host pages for the widget's browser tests (test/e2e/widget-*.test.ts).

const PAGES = join(ROOT, 'test', 'e2e', 'pages');
const SCREENSHOTS = join(ROOT, 'test', 'e2e', '__screenshots__');

/** Extra response headers for a host page path, given the Usher server's URL. */
export type PageHeaders = (path: string, usherUrl: string) => Record<string, string>;

export interface Embedding {
  /** The Usher server the pages load the widget from. */
  usher: RunningServer;
  /** The host pages' origin: another port and host name, so the widget runs cross-origin. */
  origin: string;
  /** The address of a page in test/e2e/pages. */
  page(name: string, query?: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a static server for the pages in test/e2e/pages (`{{USHER}}` in them becomes
 * the Usher server's URL) and a real Usher server whose `allowedOrigins` is that
 * server's origin (test/e2e/widget.config.yaml).
 */
export async function startEmbedding(options: { headers?: PageHeaders; config?: (yaml: string) => string } = {}): Promise<Embedding> {
  let usherUrl = '';
  const pages = createHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const name = basename(path);
    if (!/^[\w-]+\.html$/.test(name)) return void response.writeHead(404).end();
    readFile(join(PAGES, name), 'utf8').then(
      (html) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...options.headers?.(path, usherUrl) });
        response.end(html.replaceAll('{{USHER}}', usherUrl));
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(pages.address() as AddressInfo).port}`;
  const config = join(mkdtempSync(join(tmpdir(), 'usher-embed-')), 'usher.config.yaml');
  const yaml = readFileSync(join(ROOT, 'test', 'e2e', 'widget.config.yaml'), 'utf8').replace('http://host-pages.invalid', origin);
  writeFileSync(config, options.config ? options.config(yaml) : yaml);
  let usher: RunningServer;
  try {
    usher = await startServer({ config });
  } catch (error) {
    pages.close();
    throw error;
  }
  usherUrl = usher.url;
  return {
    usher,
    origin,
    page: (name, query = '') => `${origin}/${name}${query}`,
    stop: async () => {
      pages.closeAllConnections();
      await Promise.all([new Promise((resolve) => pages.close(resolve)), usher.stop()]);
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (it analyses open shadow roots too) and lists the serious
 * and critical violations as readable lines; an empty list is a pass.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Saves a full-page screenshot as test/e2e/__screenshots__/<name>.png for review. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Answers of the demo form (usher.config.yaml); `size` "1-10" is not a fit. */
export interface DemoAnswers {
  email: string;
  name: string;
  size?: string;
  country?: string;
}

/** Fills the demo form in a page or inside one widget (CSS locators pierce shadow roots). */
export async function fillDemoForm(scope: Page | Locator, answers: DemoAnswers): Promise<void> {
  await scope.locator('input[name="email"]').fill(answers.email);
  await scope.locator('input[name="name"]').fill(answers.name);
  await scope.locator('select[name="company_size"]').selectOption(answers.size ?? '51-200');
  await scope.locator('select[name="country"]').selectOption(answers.country ?? 'DE');
}

/**
 * The focused element, followed into shadow roots, as `tag#id.class "text"`, or `body`
 * when nothing on the page has focus (as when it is in the browser's own UI).
 */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return 'body';
    const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className).replace(/ /g, '.')}` : ''} "${text}"`;
  });
}

/**
 * Starts Usher with its host pages and one Chromium for the tests of a describe block,
 * and stops both after them. Read `session.browser` and `session.embedding` inside tests.
 */
export function useEmbeddingSession(options: { headers?: PageHeaders; config?: (yaml: string) => string } = {}): { readonly browser: Browser; readonly embedding: Embedding } {
  const session = {} as { browser: Browser; embedding: Embedding };
  beforeAll(async () => {
    [session.embedding, session.browser] = await Promise.all([startEmbedding(options), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.embedding?.stop();
  });
  return session;
}
