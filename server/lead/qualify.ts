import type { Form } from '../../shared/config.ts';
import { evaluate } from './conditions.ts';
import type { LeadFacts } from './fields.ts';

export type Qualification =
  | { qualified: true }
  | { qualified: false; reason: string; ruleIndex: number };

/** SPEC §1: ordered disqualify rules; the first that matches decides. */
export function qualify(form: Form, facts: LeadFacts): Qualification {
  for (const [ruleIndex, rule] of form.qualify.entries()) {
    if (evaluate(rule.when, facts)) return { qualified: false, reason: rule.disqualify.reason, ruleIndex };
  }
  return { qualified: true };
}
