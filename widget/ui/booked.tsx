import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';
import { When } from './when.tsx';

/** The confirmation: when, with whom, and links to the invite and the manage page. */
export function Booked({ model, t }: ViewProps) {
  const booking = model.booking.value;
  if (!booking) return null;
  return (
    <>
      <Heading>{t('bookedTitle')}</Heading>
      <When slot={booking} zone={model.timezone.value} locale={model.locale} t={t} />
      <p>{t('withHost', { name: booking.host.name })}</p>
      <div class="actions">
        <a class="button primary" href={booking.icsUrl} download>{t('addToCalendar')}</a>
        <a class="button" href={booking.manageUrl} target="_blank" rel="noopener">{t('manage')}</a>
      </div>
    </>
  );
}
