import { mountInline, openPopup, type WidgetOptions } from './element.ts';
import { emit } from './events.ts';
import { supportedLocale } from './i18n.ts';

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
  /** Commands pushed after load run at once, so snippets work either way. */
  q: { push(...commands: unknown[]): number };
}

declare global {
  interface Window {
    Usher?: UsherGlobal | { q?: unknown };
  }
}

const report = (error: unknown) =>
  emit('usher:error', { code: 'widget_error', message: error instanceof Error ? error.message : String(error) });

/** `fn`, with anything it throws reported as `usher:error` instead of reaching the page. */
const guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
  try {
    fn(...args);
  } catch (error) {
    report(error);
  }
};

const element = (target: unknown): Element => {
  const found = typeof target === 'string' ? document.querySelector(target) : target;
  if (found instanceof Element) return found;
  throw new Error(`no element matches ${String(target)}`);
};

function boot(): void {
  const previous = window.Usher as { q?: ArrayLike<unknown>; open?: unknown } | undefined;
  if (previous?.open) return; // the script is on the page twice
  // The server is wherever this script came from.
  const script = document.currentScript as HTMLScriptElement | null;
  const baseUrl = new URL(script?.src || location.href).origin;

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
    attach(target: unknown, { form: formId, fields = {} }: AttachOptions) {
      const form = element(target) as HTMLFormElement;
      const questionOf = Object.fromEntries(Object.entries(fields).map(([question, field]) => [field, question]));
      form.addEventListener('submit', guard((event: SubmitEvent) => {
        event.preventDefault();
        const answers: Record<string, string> = {};
        new FormData(form).forEach((value, name) => {
          if (typeof value === 'string') answers[questionOf[name] ?? name] = value;
        });
        const { model, loaded } = openPopup(options(formId, form), event.submitter ?? form);
        void loaded.then(() => {
          model.prefill(answers);
          return model.submit();
        });
      }));
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
    q: {
      push(...commands: ArrayLike<unknown>[]) {
        commands.forEach(run);
        return 0;
      },
    },
  });

  const start = () => {
    for (const at of document.querySelectorAll('[data-usher-form]')) run(['mount', at, at.getAttribute('data-usher-form')]);
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
