import { emit } from './events.ts';
import { mountWidget } from './element.ts';

/**
 * The script's entry: mounts a widget into every `[data-usher-form]` element and runs
 * commands queued before it loaded (`window.Usher = window.Usher || { q: [] }`, then
 * `Usher.q.push(['mount', element, 'demo'])`). Nothing here may throw into the host page;
 * failures become `usher:error` events.
 */

/** The public `window.Usher` once the script has loaded. */
export interface UsherGlobal {
  /** Mounts an inline widget for `formId` into an element or the first match of a selector. */
  mount(target: Element | string, formId: string): void;
  /** Commands pushed after load run at once, so snippets work either way. */
  q: { push(...commands: unknown[]): number };
}

declare global {
  interface Window {
    Usher?: Partial<UsherGlobal> | { q?: unknown };
  }
}

function report(error: unknown): void {
  emit('usher:error', { code: 'widget_error', message: error instanceof Error ? error.message : String(error) });
}

/** The server is wherever this script came from. */
function serverOrigin(): string {
  const script = document.currentScript ?? document.querySelector('script[src*="widget.js"]');
  return script instanceof HTMLScriptElement && script.src ? new URL(script.src).origin : location.origin;
}

const mounted = new WeakSet<Element>();

function boot(): void {
  const previous = window.Usher;
  if (previous && 'mount' in previous) return; // the script is on the page twice
  const queued: unknown[] = previous && Array.isArray(previous.q) ? previous.q : [];
  const baseUrl = serverOrigin();

  function mount(target: Element | string, formId: string): void {
    const element = typeof target === 'string' ? document.querySelector(target) : target;
    if (!(element instanceof Element)) throw new Error(`no element matches ${String(target)}`);
    if (typeof formId !== 'string' || formId === '') throw new Error('mount needs a form id');
    if (mounted.has(element)) return;
    mounted.add(element);
    mountWidget(element, { formId, baseUrl });
  }

  function run(command: unknown): void {
    try {
      if (!Array.isArray(command)) throw new Error('a queued command must be an array');
      const [name, ...args] = command as unknown[];
      if (name !== 'mount') throw new Error(`unknown command ${String(name)}`);
      mount(args[0] as Element | string, args[1] as string);
    } catch (error) {
      report(error);
    }
  }

  const usher: UsherGlobal = {
    mount: (target, formId) => run(['mount', target, formId]),
    q: {
      push(...commands) {
        commands.forEach(run);
        return 0;
      },
    },
  };
  window.Usher = usher;

  const start = () => {
    for (const element of document.querySelectorAll('[data-usher-form]')) {
      run(['mount', element, element.getAttribute('data-usher-form') ?? '']);
    }
    queued.forEach(run);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

try {
  boot();
} catch (error) {
  report(error);
}
