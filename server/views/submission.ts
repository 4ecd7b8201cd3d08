import type { SubmissionResponse } from '../../shared/api.ts';
import type { Form } from '../../shared/config.ts';
import { canonicalLocale } from '../../shared/locale.ts';
import { publicLink } from '../../shared/urls.ts';
import { slotViews } from '../booking/links.ts';
import type { Catalog } from '../config/catalog.ts';
import type { SubmitOutcome } from '../flows/submit-lead.ts';
import { formatSpan } from '../delivery/when.ts';
import { readerFor } from '../i18n/reader.ts';
import { notAFitFor } from './not-a-fit.ts';

/** A submission's outcome as the widget receives it (SPEC §7), in the lead's locale. */
export function submissionResponse(catalog: Catalog, formId: string, form: Form, result: SubmitOutcome): SubmissionResponse {
  const { organization } = catalog.config;
  const reader = readerFor(result.outcome === 'already_booked' ? result.locale : result.lead.locale, organization.locale);
  switch (result.outcome) {
    case 'disqualified': {
      const reason = result.lead.reason!;
      const { page, redirectUrl } = notAFitFor(form, reason, reader);
      if (redirectUrl) return { outcome: 'disqualified', reason, redirectUrl, page: null };
      const query = new URLSearchParams({ reason });
      // The page, opened without the widget, is then in the lead's language too.
      const locale = canonicalLocale(result.lead.locale);
      if (locale !== null) query.set('locale', locale);
      return {
        outcome: 'disqualified', reason,
        redirectUrl: publicLink(organization.publicUrl, `/not-a-fit/${encodeURIComponent(formId)}?${query}`),
        page,
      };
    }
    case 'schedule': {
      const meeting = catalog.config.meetingTypes[form.meetingType]!;
      return {
        outcome: 'schedule',
        leadId: result.lead.id,
        leadToken: result.leadToken,
        meeting: { title: reader.text(meeting.title), durationMinutes: meeting.durationMinutes },
        host: result.hostName === null ? null : { name: result.hostName },
        slots: slotViews(result.slots),
        timezone: result.lead.timezone,
      };
    }
    case 'no_availability': {
      const message = form.noAvailability.message;
      return { outcome: 'no_availability', leadId: result.lead.id, message: message === undefined ? reader.t('noAvailability.message') : reader.text(message) };
    }
    case 'already_booked': {
      const { booking } = result;
      const meeting = catalog.config.meetingTypes[booking.meetingType];
      const host = catalog.reps.get(booking.repId)?.name ?? reader.t('manage.ourTeam');
      const when = formatSpan(booking.start, booking.end, result.timezone, reader.locale);
      const names = { title: meeting ? reader.text(meeting.title) : reader.t('manage.meeting'), host, when };
      return {
        outcome: 'already_booked',
        booking: { start: new Date(booking.start).toISOString(), end: new Date(booking.end).toISOString(), host: { name: host } },
        message: reader.t(result.emailed ? 'submission.alreadyBooked' : 'submission.alreadyBookedInInvite', names),
      };
    }
  }
}
