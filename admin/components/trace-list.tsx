import type { DecisionTrace } from '../../shared/records.ts';
import { t } from '../i18n.ts';
import { traceSteps } from '../lib/trace-steps.ts';
import { formRoutes } from '../models/config.ts';
import { fmt, repName } from '../models/session.ts';

/** The decision trace as numbered steps; a trace of an unknown shape is shown as it is. */
export function TraceList({ trace, formId }: { trace: unknown; formId: string }) {
  let steps: string[];
  try {
    const f = fmt.value;
    steps = traceSteps(trace as DecisionTrace, { t, repName: repName.value, time: f.dateTime, decimal: f.decimal, routes: formRoutes(formId) });
  } catch {
    // An older or newer trace than this console knows: still better shown than hidden.
    steps = [JSON.stringify(trace)];
  }
  return <ol data-testid="trace">{steps.map((step, i) => <li key={i}>{step}</li>)}</ol>;
}
