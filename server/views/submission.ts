import type { SubmissionResponse } from '../../shared/api.ts';
import type { Form } from '../../shared/config.ts';
import { publicLink } from '../../shared/urls.ts';
import { slotViews } from '../booking/links.ts';
import type { Catalog } from '../config/catalog.ts';
import type { SubmitOutcome } from '../flows/submit-lead.ts';

/** A submission's outcome as the widget receives it (SPEC §7). */
export function submissionResponse(catalog: Catalog, formId: string, form: Form, result: SubmitOutcome): SubmissionResponse {
  switch (result.outcome) {
    case 'disqualified': {
      const reason = result.lead.reason!;
      const page = form.disqualified;
      if (page.redirectUrl) return { outcome: 'disqualified', reason, redirectUrl: page.redirectUrl, page: null };
      return {
        outcome: 'disqualified', reason,
        redirectUrl: publicLink(catalog.config.organization.publicUrl, `/not-a-fit/${encodeURIComponent(formId)}?reason=${encodeURIComponent(reason)}`),
        page: { title: page.title, message: page.message, links: page.links },
      };
    }
    case 'schedule': {
      const meeting = catalog.config.meetingTypes[form.meetingType]!;
      return {
        outcome: 'schedule',
        leadId: result.lead.id,
        leadToken: result.leadToken,
        meeting: { title: meeting.title, durationMinutes: meeting.durationMinutes },
        host: result.hostName === null ? null : { name: result.hostName },
        slots: slotViews(result.slots),
        timezone: result.lead.timezone,
      };
    }
    case 'no_availability':
      return { outcome: 'no_availability', leadId: result.lead.id, message: form.noAvailability.message };
  }
}
