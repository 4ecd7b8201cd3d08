import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';
import { When } from './when.tsx';

/** `20261123T140000Z`, as Google's calendar links take times. */
const compact = (instant: string) => new Date(instant).toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * The confirmation: what, when, with whom, where (the video call's link, the phone or
 * the address), where the invitation went, and ways to put
 * it in a calendar now (Google, Outlook.com, or the `.ics` file for any other) besides
 * the invitation itself; then the manage page.
 */
export function Booked({ model, t }: ViewProps) {
  const booking = model.booking.value;
  const lead = model.lead.value;
  if (!booking) return null;
  const title = lead?.meeting.title ?? '';
  const emailId = model.form.value?.questions.find((q) => q.type === 'email')?.id;
  const email = emailId ? model.answers.value[emailId]?.trim() : '';
  const place = booking.location;
  const where = place?.kind === 'video' ? place.url
    : place?.kind === 'phone' ? [t('phoneCall'), place.number].filter(Boolean).join(': ')
      : place?.address ?? '';
  const details = booking.manageUrl;
  const google = `https://calendar.google.com/calendar/render?${new URLSearchParams({
    action: 'TEMPLATE', text: title, dates: `${compact(booking.start)}/${compact(booking.end)}`, details, location: where,
  })}`;
  const outlook = `https://outlook.live.com/calendar/0/deeplink/compose?${new URLSearchParams({
    path: '/calendar/action/compose', rru: 'addevent', subject: title, startdt: booking.start, enddt: booking.end, body: details, location: where,
  })}`;
  return (
    <>
      <Heading>{t('bookedTitle')}</Heading>
      {title && <p><strong>{title}</strong></p>}
      <When slot={booking} zone={model.timezone.value} locale={model.locale} t={t} />
      <p>{t('withHost', { name: booking.host.name })}</p>
      {place?.kind === 'video'
        ? <p><a href={place.url} target="_blank" rel="noopener">{t('joinVideo')}</a></p>
        : where && <p>{where}</p>}
      {email && <p>{t('inviteSent', { email })}</p>}
      <div class="actions">
        <a class="button primary" href={booking.icsUrl} download>{t('addToCalendar')}</a>
        <a class="button" href={google} target="_blank" rel="noopener">Google Calendar</a>
        <a class="button" href={outlook} target="_blank" rel="noopener">Outlook.com</a>
        <a class="button" href={booking.manageUrl} target="_blank" rel="noopener">{t('manage')}</a>
      </div>
    </>
  );
}
