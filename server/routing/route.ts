import type { Form, RouteTarget } from '../../shared/config.ts';
import { evaluate } from '../lead/conditions.ts';
import type { LeadFacts } from '../lead/fields.ts';

export type RouteMatch = { index: number; target: RouteTarget };

/** SPEC §4: the first route whose `when` holds decides; null when none does. */
export function selectRoute(form: Form, facts: LeadFacts): RouteMatch | null {
  for (const [index, route] of form.routes.entries()) {
    if (evaluate(route.when, facts)) return { index, target: route.to };
  }
  return null;
}
