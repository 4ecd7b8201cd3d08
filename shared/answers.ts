/**
 * The rules one answer must meet, the same in the widget (before sending) and on the
 * server (which decides). The widget catches the mistakes a person makes; the server
 * refuses everything else with the same rules, so the two can never disagree.
 */

import { answerLimit, MULTILINE } from './answer-limits.ts';

export { ANSWER_LIMITS, answerLimit } from './answer-limits.ts';

/** Control characters have no business in a form answer and could forge mail headers. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * What counts as an email address: zod's `z.email()` pattern (its default, kept in step
 * by a test), written out so the widget carries no zod.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export type AnswerQuestion = { type: string; required: boolean; options?: readonly string[] | undefined };

/** Why an answer is refused; each side words it in its own way. */
export type AnswerProblem = 'required' | 'characters' | 'too_long' | 'email' | 'option' | 'country';

/**
 * Checks one answer: the trimmed value (countries upper-cased), `''` for a blank optional
 * answer, or the first problem. `countries` is the list a country answer must be in;
 * without one, country answers are not checked here.
 */
export function checkAnswer(
  question: AnswerQuestion,
  raw: string | undefined,
  countries?: readonly string[],
): { value: string } | { problem: AnswerProblem } {
  const value = (raw ?? '').trim();
  if (value === '') return question.required ? { problem: 'required' } : { value };
  if (CONTROL.test(value) || (question.type !== MULTILINE && /[\r\n]/.test(value))) return { problem: 'characters' };
  if (value.length > answerLimit(question.type)) return { problem: 'too_long' };
  if (question.type === 'email' && !EMAIL_PATTERN.test(value)) return { problem: 'email' };
  if (question.type === 'select' && !question.options?.includes(value)) return { problem: 'option' };
  if (question.type === 'country' && countries) {
    const code = value.toUpperCase();
    return countries.includes(code) ? { value: code } : { problem: 'country' };
  }
  return { value };
}
