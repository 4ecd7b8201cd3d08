import { effect } from '@preact/signals';
import { h, render } from 'preact';
import { createApi } from './api.ts';
import { emit } from './events.ts';
import { countryOptions, loadLanguage } from './i18n.ts';
import { createWidgetModel, type Kept, type WidgetModel, type WidgetModelOptions } from './model.ts';
import { App } from './ui/app.tsx';
import css from './ui/styles.css?inline';

export interface WidgetOptions {
  formId: string;
  /** The Usher server the form lives on. */
  baseUrl: string;
  /** A canonical BCP 47 tag. */
  locale: string;
}

/** One rendered widget: its state, and its form loading (settles, never rejects). */
export interface Widget {
  model: WidgetModel;
  loaded: Promise<void>;
}

/**
 * A form's answers and step in the tab's sessionStorage, so a reload (or a tap on a link
 * and back) neither empties the form nor loses the times. Gone with the tab. Storage
 * may be switched off or full: then nothing is kept.
 */
function kept(formId: string): WidgetModelOptions['keep'] {
  const key = `usher:${formId}`;
  return {
    read() {
      try {
        return JSON.parse(sessionStorage.getItem(key)!) as Kept | null;
      } catch {
        return null;
      }
    },
    write(value) {
      try {
        sessionStorage.setItem(key, JSON.stringify(value));
      } catch {
        // private mode or full: nothing is kept
      }
    },
  };
}

let sheet: CSSStyleSheet | undefined;
/** Styles of modules loaded later (the scheduler's), added to the one sheet every widget shares. */
let added = '';

/** Adds a later module's styles to every widget, on the page now or to come. */
export function addStyles(extra: string): void {
  added += extra;
  sheet?.replaceSync(css + added);
}

/**
 * A host element with an open shadow root carrying the widget's styles. The host is a
 * custom element, so page rules for `div` and friends never match it, and `:host` in
 * the stylesheet resets whatever `*` rules still do. The stylesheet is a constructed
 * one (not a <style>, which a CSP without 'unsafe-inline' would block), shared by all.
 */
function shadowHost(tag: string): [HTMLElement, ShadowRoot] {
  const host = document.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css + added);
  }
  root.adoptedStyleSheets = [sheet];
  return [host, root];
}

/**
 * Renders a widget into `parent` (inside a shadow root) and starts loading its form.
 *
 * The whole widget renders inside one signals `effect`: Preact renders synchronously, so
 * the effect sees every signal the views read and renders again when any of them changes.
 * That is what @preact/signals' per-component integration would do, without its bytes
 * (vite.config.ts lets the build drop it and preact/hooks, which the widget does not use).
 */
function renderWidget(parent: Element | ShadowRoot, options: WidgetOptions, onClose?: () => void, keep = true): Widget {
  const model = createWidgetModel({
    formId: options.formId,
    api: createApi(options.baseUrl),
    locale: options.locale,
    emit,
    // An attached site form's popup keeps nothing: the site form holds the answers, and each submit is new.
    keep: keep ? kept(options.formId) : undefined,
  });
  // The form request goes out first, and the first render (the loading step) comes next:
  // the first `Intl` calls of a page load zone and locale data, tens of milliseconds in
  // Chromium that the first paint does not need and that may overlap the network.
  const loaded = model.load();
  void loadLanguage(options.locale);
  effect(() => render(h(App, { model, onClose }), parent));
  setTimeout(() => countryOptions([], options.locale));
  return { model, loaded };
}

/** An inline widget in `target`; a `<script data-usher-form>` gets it right after itself. */
export function mountInline(target: Element, options: WidgetOptions): Widget {
  const [host, root] = shadowHost('usher-form');
  if (target instanceof HTMLScriptElement) target.after(host);
  else target.append(host);
  return renderWidget(root, options);
}

interface Popup {
  dialog: HTMLDialogElement;
  widget: Widget;
  /** Gets focus back when the dialog closes. */
  opener?: HTMLElement;
}

const popups = new Map<string, Popup>();

/**
 * Opens the popup for a form as a modal dialog: the page behind is inert, so focus stays
 * inside; Escape, the close button or a click on the backdrop closes it, and focus goes
 * back to what had it before. Each form has one popup, kept with its state between opens.
 */
export function openPopup(options: WidgetOptions, opener: Element | null): Widget {
  const popup = popupFor(options);
  if (!popup.dialog.open) {
    popup.opener = opener instanceof HTMLElement ? opener : undefined;
    popup.dialog.showModal();
  }
  return popup.widget;
}

/**
 * The popup for a form, made (and its form loading) on first use without opening it:
 * an attached site form gets its form token when the page loads, so the minimum fill
 * time has long passed when the prospect submits.
 */
export function preparePopup(options: WidgetOptions): Widget {
  return popupFor(options, false).widget;
}

/** Closes every open popup, as its close button would. */
export function closePopups(): void {
  for (const popup of popups.values()) if (popup.dialog.open) popup.dialog.close();
}

function popupFor(options: WidgetOptions, keep?: boolean): Popup {
  let popup = popups.get(options.formId);
  if (!popup) {
    const [host, root] = shadowHost('usher-popup');
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'usher-title');
    root.append(dialog);
    document.body.append(host);
    const created: Popup = { dialog, widget: renderWidget(dialog, options, () => dialog.close(), keep) };
    dialog.addEventListener('close', () => created.opener?.focus());
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    popups.set(options.formId, (popup = created));
  }
  return popup;
}
