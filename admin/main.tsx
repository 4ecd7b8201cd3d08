import { effect } from '@preact/signals';
import { render } from 'preact';
import css from './styles.css?inline';
import { App } from './app.tsx';
import { language, t } from './i18n.ts';
import { startLoading } from './models/app.ts';
import { route } from './models/route.ts';
import { checkSession } from './models/session.ts';

/**
 * The admin console's entry (built by vite.admin.config.ts). The stylesheet travels
 * inside this script and is adopted as a constructed sheet, which no CSP blocks; a
 * `<style>` only where those are missing.
 */
function addStyles(text: string) {
  if ('adoptedStyleSheets' in document && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } else {
    document.head.append(Object.assign(document.createElement('style'), { textContent: text }));
  }
}

addStyles(css);
document.documentElement.lang = language;
const root = document.getElementById('admin') ?? document.body.appendChild(document.createElement('div'));
render(<App />, root);
startLoading();
void checkSession();

// A new page gets its title, and focus moves to its heading so screen readers start there.
let first = true;
effect(() => {
  const page = route.value.page;
  document.title = `${t(page === 'lead' ? 'lead' : `nav_${page}`)} · ${t('appName')}`;
  if (first) {
    first = false;
    return;
  }
  requestAnimationFrame(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  });
});
