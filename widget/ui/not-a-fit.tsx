import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

/** The friendly page for a disqualified prospect, or a link while the redirect happens. */
export function NotAFit({ model, t }: ViewProps) {
  const notAFit = model.notAFit.value;
  if (!notAFit) return null;
  const { page, redirectUrl } = notAFit;
  if (!page) {
    return (
      <>
        <Heading>{t('loading')}</Heading>
        <p><a href={redirectUrl}>{t('continue')}</a></p>
      </>
    );
  }
  return (
    <>
      <Heading>{page.title}</Heading>
      <p>{page.message}</p>
      {page.links.length > 0 && (
        <ul>
          {page.links.map((link) => <li key={link.url}><a href={link.url}>{link.label}</a></li>)}
        </ul>
      )}
    </>
  );
}
