import type { Browser } from 'playwright-core';
import { launchChromium, startEmbedding, type Embedding } from '../helpers/browser.ts';

/**
 * Time from the widget script starting to run to its first question on screen, in
 * headless Chromium, measured in the page with the Performance API. The page is
 * test/e2e/pages/inline.html on its own origin, the server a real `usher serve` on
 * loopback; every run is a fresh browser context, so nothing is cached.
 *
 * - start: the widget's code reading `window.Usher`, its first act (a getter planted
 *   before any page script runs);
 * - first question: the first animation frame in which its shadow root holds an input;
 * - also shown: from the script's bytes arriving (Resource Timing `responseEnd`) and
 *   the form request's own time, the network part of the wait;
 * - a baseline in the same runs (test/e2e/pages/baseline.html): a bare script that fetches
 *   the form and adds an input per question, the least any widget can do.
 */

const RUNS = 15;

/**
 * Planted before any page script. A string, not a function: tsx would wrap named inner
 * functions in a helper the page does not have.
 */
const MARKS = `
  const marks = (window.benchMarks = {});
  let usher;
  Object.defineProperty(window, 'Usher', {
    configurable: true,
    get() { marks.start ??= performance.now(); return usher; },
    set(value) { usher = value; },
  });
  const poll = () => {
    if (document.querySelector('usher-form')?.shadowRoot?.querySelector('input')) marks.question = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
`;

interface Run {
  total: number;
  fromDownload: number;
  toRequest: number;
  request: number;
  toRender: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One load of `name` in a fresh context: the widget's figures, or for the baseline (no widget.js) only the total. */
async function load(browser: Browser, embedding: Embedding, name: string): Promise<Run> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await page.addInitScript(MARKS);
  await page.goto(embedding.page(name));
  await page.waitForFunction(() => (window as unknown as { benchMarks: { question?: number } }).benchMarks.question !== undefined);
  const run = await page.evaluate(() => {
    const marks = (window as unknown as { benchMarks: { start: number; question: number } }).benchMarks;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const script = resources.find((entry) => entry.name.endsWith('/widget.js'));
    const form = resources.find((entry) => entry.name.includes('/api/forms/'))!;
    return {
      total: marks.question - marks.start,
      fromDownload: script ? marks.question - script.responseEnd : Number.NaN,
      toRequest: form.startTime - marks.start,
      request: form.responseEnd - form.startTime,
      toRender: marks.question - form.responseEnd,
    };
  });
  await context.close();
  return run;
}

export default async function widgetBench(): Promise<void> {
  const [embedding, browser] = await Promise.all([startEmbedding(), launchChromium()]);
  try {
    const runs: Run[] = [];
    const baseline: Run[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      // Widget and baseline in turn, so both see the same machine.
      const run = await load(browser, embedding, 'inline.html');
      const bare = await load(browser, embedding, 'baseline.html');
      // The first round warms the server and the disk cache.
      if (i > 0) {
        runs.push(run);
        baseline.push(bare);
      }
    }
    const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
    const row = (label: string, values: number[]) =>
      console.log(`${label.padEnd(44)} median ${ms(median(values))}   min ${ms(Math.min(...values))}   max ${ms(Math.max(...values))}`);
    console.log(`widget.js to first rendered question, headless Chromium, ${RUNS} runs, fresh context each`);
    row('script starts running -> first question', runs.map((r) => r.total));
    row('  script start -> form request sent', runs.map((r) => r.toRequest));
    row('  GET /api/forms/:id (loopback)', runs.map((r) => r.request));
    row('  form received -> question rendered', runs.map((r) => r.toRender));
    row('script downloaded -> first question', runs.map((r) => r.fromDownload));
    row('baseline: fetch the form, add bare inputs', baseline.map((r) => r.total));
    console.log(`ratio widget / baseline (medians)             ${(median(runs.map((r) => r.total)) / median(baseline.map((r) => r.total))).toFixed(2)}`);
  } finally {
    await browser.close();
    await embedding.stop();
  }
}
