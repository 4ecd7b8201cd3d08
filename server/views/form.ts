import type { FormView } from '../../shared/api.ts';
import type { Catalog } from '../config/catalog.ts';
import { COUNTRY_CODES } from '../lead/reference-data.ts';

/** What the widget renders for a form (SPEC §7): its questions and meeting, never rep data. */
export function formView(catalog: Catalog, formId: string, formToken: string): FormView | null {
  const { config } = catalog;
  const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
  if (!form) return null;
  const meeting = config.meetingTypes[form.meetingType]!;
  return {
    id: formId,
    title: form.title,
    organization: config.organization.name,
    meeting: { title: meeting.title, durationMinutes: meeting.durationMinutes },
    questions: form.questions.map((q) => ({
      id: q.id,
      type: q.type,
      label: q.label ?? q.id,
      required: q.required,
      ...(q.type === 'country' ? { options: [...COUNTRY_CODES] } : q.options ? { options: q.options } : {}),
      ...(q.placeholder ? { placeholder: q.placeholder } : {}),
    })),
    theme: form.theme,
    formToken,
  };
}
