import { dateFormats } from '../i18n.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

/** The confirmation: when, with whom, and links to the invite and the manage page. */
export function Booked({ model, t }: ViewProps) {
  const booking = model.booking.value;
  if (!booking) return null;
  const zone = model.timezone.value;
  const format = dateFormats(model.locale, zone);
  return (
    <>
      <Heading>{t('bookedTitle')}</Heading>
      <p class="when">
        {format.day(booking.start)}
        <br />
        {format.range(booking.start, booking.end)}
      </p>
      <p class="muted">{t('zone', { zone })}</p>
      <p>{t('withHost', { name: booking.host.name })}</p>
      <div class="actions">
        <a class="button primary" href={booking.icsUrl} download>{t('addToCalendar')}</a>
        <a class="button" href={booking.manageUrl} target="_blank" rel="noopener">{t('manage')}</a>
      </div>
    </>
  );
}
