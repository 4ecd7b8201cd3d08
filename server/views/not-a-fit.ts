import type { NotAFitPage } from '../../shared/api.ts';
import type { Form } from '../../shared/config.ts';
import type { Reader } from '../i18n/reader.ts';

/** The not-a-fit page for one reason, in the reader's language, or where to send them instead. */
export type NotAFit = { page: NotAFitPage; redirectUrl: string | null };

/**
 * The form's `disqualified` block with the reason's own block laid over it (SPEC §2):
 * each field the reason gives replaces the form's, the rest stays; a title neither
 * gives is Usher's own. `reason` comes from the URL too, so only own keys count.
 */
export function notAFitFor(form: Form, reason: string | null | undefined, reader: Reader): NotAFit {
  const base = form.disqualified;
  const reasons = base.reasons;
  const special = reason && Object.hasOwn(reasons, reason) ? reasons[reason] : undefined;
  const title = special?.title ?? base.title;
  const message = special?.message ?? base.message;
  const links = special?.links ?? base.links ?? [];
  return {
    page: {
      title: title === undefined ? reader.t('notAFit.title') : reader.text(title),
      message: message === undefined ? '' : reader.text(message),
      links: links.map((link) => ({ label: reader.text(link.label), url: link.url })),
    },
    redirectUrl: special?.redirectUrl !== undefined ? special.redirectUrl : base.redirectUrl ?? null,
  };
}
