import type { ComponentChildren } from 'preact';
import { t } from '../i18n.ts';
import { NAV_PAGES, navPageOf } from '../lib/router.ts';
import { route } from '../models/route.ts';
import { overview, signingOut, signOut } from '../models/session.ts';

/** The header (organization, sign-out), the navigation and the one `<main>`. */
export function Layout({ children }: { children: ComponentChildren }) {
  const active = navPageOf(route.value);
  return (
    <>
      <header>
        <span class="org">{overview.data.value?.organization.name ?? t('appName')}</span>
        <button type="button" class="on-dark" disabled={signingOut.value} onClick={() => void signOut()}>
          {signingOut.value ? t('signingOut') : t('signOut')}
        </button>
      </header>
      <nav aria-label={t('navLabel')}>
        <ul>
          {NAV_PAGES.map((page) => (
            <li key={page}>
              <a href={`#/${page}`} aria-current={page === active ? 'page' : undefined}>{t(`nav_${page}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
