import type { Form } from '../../shared/config.ts';

/** Derived fields a condition may name beside the form's own answers (SPEC §2.2). */
export const DERIVED_FIELDS = [
  'email.domain', 'email.free',
  'account.matched', 'account.name', 'account.owner',
  'country', 'region', 'timezone', 'locale',
  'utm.source', 'utm.medium', 'utm.campaign', 'page.url',
] as const;
export type DerivedField = (typeof DERIVED_FIELDS)[number];

export type { LeadFacts } from '../../shared/records.ts';

/** The form's email question: config checks guarantee a required one, where invites go. */
export function emailQuestionId(form: Form): string {
  return form.questions.find((q) => q.type === 'email')!.id;
}
