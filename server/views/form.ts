import type { FormView } from '../../shared/api.ts';
import type { Catalog } from '../config/catalog.ts';
import { readerFor } from '../i18n/reader.ts';
import { COUNTRY_CODES } from '../lead/reference-data.ts';

/**
 * What the widget renders for a form (SPEC §7): its questions and meeting, never rep
 * data, with every text resolved for `locale` (SPEC §2, "Texts by locale").
 */
export function formView(catalog: Catalog, formId: string, formToken: string, locale: string | null): FormView | null {
  const { config } = catalog;
  const form = Object.hasOwn(config.forms, formId) ? config.forms[formId] : undefined;
  if (!form) return null;
  const { text } = readerFor(locale, config.organization.locale);
  const meeting = config.meetingTypes[form.meetingType]!;
  return {
    id: formId,
    title: text(form.title),
    organization: config.organization.name,
    meeting: { title: text(meeting.title), durationMinutes: meeting.durationMinutes },
    questions: form.questions.map((q) => {
      const placeholder = q.placeholder === undefined ? '' : text(q.placeholder);
      return {
        id: q.id,
        type: q.type,
        label: q.label === undefined ? q.id : text(q.label),
        required: q.required,
        ...(q.type === 'country' ? { options: [...COUNTRY_CODES] } : q.options ? { options: q.options } : {}),
        ...(placeholder ? { placeholder } : {}),
      };
    }),
    theme: form.theme,
    formToken,
  };
}
