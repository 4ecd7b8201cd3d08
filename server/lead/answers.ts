import { z } from 'zod';
import type { Form } from '../../shared/config.ts';
import type { IssueView } from '../http/errors.ts';

const emailShape = z.email();
// Control characters have no business in a form answer and could forge mail headers.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Checks answers against the form: required answers present, emails well formed,
 * selects and countries among their options, no unknown answer ids. Returns the
 * trimmed answers, or every problem with its `answers.<id>` path.
 */
export function checkAnswers(
  form: Form,
  answers: Record<string, string>,
  countryCodes: readonly string[],
): { ok: true; answers: Record<string, string> } | { ok: false; issues: IssueView[] } {
  const issues: IssueView[] = [];
  const clean: Record<string, string> = {};
  const known = new Set(form.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) issues.push({ path: `answers.${id}`, message: 'not a question of this form' });
  }
  for (const question of form.questions) {
    const path = `answers.${question.id}`;
    const raw = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const value = (raw ?? '').trim();
    if (value === '') {
      if (question.required) issues.push({ path, message: 'this answer is required' });
      continue;
    }
    const multiline = question.type === 'textarea';
    if (CONTROL.test(value) || (!multiline && /[\r\n]/.test(value))) {
      issues.push({ path, message: 'contains characters that are not allowed' });
      continue;
    }
    const limit = multiline ? 2000 : 200;
    if (value.length > limit) {
      issues.push({ path, message: `at most ${limit} characters` });
      continue;
    }
    if (question.type === 'email' && !emailShape.safeParse(value).success) {
      issues.push({ path, message: 'enter a valid email address' });
      continue;
    }
    if (question.type === 'select' && !question.options!.includes(value)) {
      issues.push({ path, message: 'choose one of the options' });
      continue;
    }
    if (question.type === 'country' && !countryCodes.includes(value.toUpperCase())) {
      issues.push({ path, message: 'choose a country' });
      continue;
    }
    clean[question.id] = question.type === 'country' ? value.toUpperCase() : value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: clean };
}
