import { h, render } from 'preact';
import type { SubmissionRequest } from '../shared/api.ts';
import { createApi } from './api.ts';
import { emit } from './events.ts';
import { supportedLocale } from './i18n.ts';
import { createWidgetModel } from './model.ts';
import { App } from './ui/app.tsx';
import css from './ui/styles.css?inline';

export interface MountOptions {
  formId: string;
  /** The Usher server the form lives on. */
  baseUrl: string;
}

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Where the prospect came from, cut to the lengths the API accepts. */
function pageContext(): SubmissionRequest['context'] {
  const params = new URLSearchParams(location.search);
  const utm: Record<string, string> = {};
  for (const key of ['source', 'medium', 'campaign']) {
    const value = params.get(`utm_${key}`);
    if (value) utm[key] = value.slice(0, 200);
  }
  return { pageUrl: location.href.slice(0, 2000), referrer: document.referrer.slice(0, 2000), utm };
}

/**
 * Renders a widget for `formId` into `target`, inside a shadow root so page styles
 * cannot reach it. A `<script data-usher-form>` gets the widget right after itself.
 */
export function mountWidget(target: Element, { formId, baseUrl }: MountOptions): void {
  const host = document.createElement('div');
  if (target instanceof HTMLScriptElement) target.after(host);
  else target.append(host);
  const root = host.attachShadow({ mode: 'open' });
  // A constructed sheet is not subject to a host page's CSP for inline <style>.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  // Preact owns this container alone; rendering into the root would also manage <style>.
  const container = document.createElement('div');
  root.append(container);

  const model = createWidgetModel({
    formId,
    api: createApi(baseUrl),
    timezone: browserZone(),
    locale: supportedLocale(navigator.language || 'en'),
    pageContext,
    navigate: (url) => location.assign(url),
    emit,
  });
  render(h(App, { model }), container);
  void model.load();
}
