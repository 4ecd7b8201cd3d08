import { answerLimit, checkAnswer, type AnswerProblem } from '../../shared/answers.ts';
import type { Form } from '../../shared/config.ts';

/** A problem with one answer, at its `answers.<id>` path. */
export type AnswerIssue = { path: string; message: string };

const MESSAGES: Record<AnswerProblem, (type: string) => string> = {
  required: () => 'this answer is required',
  characters: () => 'contains characters that are not allowed',
  too_long: (type) => `at most ${answerLimit(type)} characters`,
  email: () => 'enter a valid email address',
  option: () => 'choose one of the options',
  country: () => 'choose a country',
};

/**
 * Checks answers against the form with the rules the widget uses too (`shared/answers.ts`):
 * required answers present, emails well formed, selects and countries among their
 * options, no unknown answer ids. Returns the trimmed answers, or every problem.
 */
export function checkAnswers(
  form: Form,
  answers: Record<string, string>,
  countryCodes: readonly string[],
): { ok: true; answers: Record<string, string> } | { ok: false; issues: AnswerIssue[] } {
  const issues: AnswerIssue[] = [];
  const clean: Record<string, string> = {};
  const known = new Set(form.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) issues.push({ path: `answers.${id}`, message: 'not a question of this form' });
  }
  for (const question of form.questions) {
    const raw = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const checked = checkAnswer(question, raw, countryCodes);
    if ('problem' in checked) issues.push({ path: `answers.${question.id}`, message: MESSAGES[checked.problem](question.type) });
    else if (checked.value !== '') clean[question.id] = checked.value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: clean };
}
