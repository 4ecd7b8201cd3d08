/**
 * How long an answer may be, apart from the other answer rules (`answers.ts`): the
 * widget's first step sets `maxlength` from it and needs nothing else of them.
 */

/** The question types whose answers may hold line breaks. */
export const MULTILINE = 'textarea';

/** Longest answer, in UTF-16 units (what `maxlength` counts): single-line and multi-line. */
export const ANSWER_LIMITS = { line: 200, multiline: 2000 } as const;

export function answerLimit(type: string): number {
  return type === MULTILINE ? ANSWER_LIMITS.multiline : ANSWER_LIMITS.line;
}
