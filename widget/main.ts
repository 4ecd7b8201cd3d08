import { closePopups, mountInline, openPopup, preparePopup, type WidgetOptions } from './element.ts';
import { guard } from './events.ts';
import { supportedLocale } from './i18n.ts';
import { loadScheduler } from './ui/lazy.tsx';

/**
 * The script's entry. It renders a widget into every `[data-usher-form]` element, opens
 * the popup from any `[data-usher-open]` button, and runs the commands queued before it
 * loaded, in either snippet shape:
 *
 *   window.Usher = window.Usher || { q: [] }; Usher.q.push(['open', 'demo']);
 *   window.Usher = window.Usher || function () { (Usher.q = Usher.q || []).push(arguments); };
 *
 * Nothing here may throw into the host page; failures become `usher:error` events.
 */

export interface AttachOptions {
  /** The Usher form the answers go to. */
  form: string;
  /** Question id → the site form's field name, where they differ. */
  fields?: Record<string, string>;
  /**
   * Let the site form make its own submission too (to its CRM, HubSpot, Marketo…): in
   * the background once the meeting is booked or nobody can take it, so the prospect
   * still sees the widget; at once, to its action, when the prospect is not a fit.
   * On by default.
   */
  submitSiteForm?: boolean;
}

/** The public `window.Usher` once the script has loaded. */
export interface UsherGlobal {
  /** Runs a command by name, as the function-style snippet queues them: `Usher('open', 'demo')`. */
  (command: string, ...args: unknown[]): void;
  /** Renders an inline widget for `formId` into an element or the first match of a selector. */
  mount(target: Element | string, formId: string): void;
  /** Opens the form in a popup dialog. */
  open(formId: string): void;
  /** Takes over a site form: on submit its answers go to Usher and the popup shows the next step. */
  attach(form: HTMLFormElement | string, options: AttachOptions): void;
  /** Closes the open popup, if any. */
  close(): void;
  /** Commands pushed after load run at once, so snippets work either way. */
  q: { push(...commands: unknown[]): number };
}

declare global {
  interface Window {
    Usher?: UsherGlobal | { q?: unknown };
  }
}

const element = (target: unknown): Element => {
  const found = typeof target === 'string' ? document.querySelector(target) : target;
  if (found instanceof Element) return found;
  throw new Error(`no element matches ${String(target)}`);
};

function boot(): void {
  const previous = window.Usher as { q?: ArrayLike<unknown>; open?: unknown } | undefined;
  if (previous?.open) return; // the script is on the page twice
  // The loader's <script> element (widget.js), kept for us: a module has no currentScript.
  const script = (window as { __usherScript?: HTMLScriptElement | null }).__usherScript ?? null;
  // The server is wherever this module came from.
  const baseUrl = new URL(import.meta.url).origin;

  /** `data-usher-locale` on the element or an ancestor, then on the script, then the browser's. */
  const options = (formId: unknown, near?: Element | null): WidgetOptions => ({
    formId: String(formId),
    baseUrl,
    locale: supportedLocale(
      near?.closest('[data-usher-locale]')?.getAttribute('data-usher-locale') || script?.dataset.usherLocale || navigator.language,
    ),
  });

  const mounted = new WeakSet<Element>();
  const commands: Record<string, (...args: never[]) => void> = {
    mount(target: unknown, formId: unknown) {
      const at = element(target);
      if (!mounted.has(at)) mountInline(at, options(formId, at));
      mounted.add(at);
    },
    open(formId: unknown, opener?: Element) {
      openPopup(options(formId, opener), opener ?? document.activeElement);
    },
    attach(target: unknown, { form: formId, fields = {}, submitSiteForm = true }: AttachOptions) {
      const form = element(target) as HTMLFormElement;
      const settings = options(formId, form);
      // Loaded now, not on submit: the form token must be older than the minimum fill time.
      const widget = preparePopup(settings);
      // The rest of the take-over is in the steps' module, fetched now: the prospect submits next.
      const later = () => loadScheduler(settings.locale);
      if (submitSiteForm) void later().then((module) => module?.handOver(form, widget.model));
      form.addEventListener('submit', guard((event: SubmitEvent) => {
        event.preventDefault();
        openPopup(settings, event.submitter ?? form);
        void later().then((module) => module?.takeOver(form, widget, fields, submitSiteForm));
      }));
    },
    close() {
      closePopups();
    },
  };

  const run = guard((command: ArrayLike<unknown>) => {
    const [name, ...args] = Array.from(command);
    const handler = Object.hasOwn(commands, String(name)) && commands[String(name)];
    if (!handler) throw new Error(`unknown command ${String(name)}`);
    (handler as (...a: unknown[]) => void)(...args);
  });

  window.Usher = Object.assign((...args: unknown[]) => run(args), {
    mount: (target: Element | string, formId: string) => run(['mount', target, formId]),
    open: (formId: string) => run(['open', formId]),
    attach: (form: HTMLFormElement | string, settings: AttachOptions) => run(['attach', form, settings]),
    close: () => run(['close']),
    q: {
      push(...commands: ArrayLike<unknown>[]) {
        commands.forEach(run);
        return 0;
      },
    },
  });

  const mountIn = (root: ParentNode) => {
    for (const at of root.querySelectorAll('[data-usher-form]')) run(['mount', at, at.getAttribute('data-usher-form')]);
  };
  const start = () => {
    mountIn(document);
    // Elements a single-page app adds later get their widget too: one look for them per
    // batch of changes (a selector query is cheap), and `mount` skips those done.
    new MutationObserver(() => mountIn(document)).observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener('click', guard((event: MouseEvent) => {
      const opener = (event.target as Element).closest?.('[data-usher-open]');
      if (opener) {
        event.preventDefault();
        run(['open', opener.getAttribute('data-usher-open'), opener]);
      }
    }));
    Array.from(previous?.q ?? []).forEach((command) => run(command as ArrayLike<unknown>));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

guard(boot)();
