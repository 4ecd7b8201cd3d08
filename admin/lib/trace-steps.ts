import type { RouteTarget } from '../../shared/config.ts';
import type { DecisionTrace, ExclusionReason, StrategyNumbers, StrategyTrace } from '../../shared/records.ts';
import type { MessageId } from '../messages/en.ts';
import { conditionText, type ConditionWords } from './condition-text.ts';
import type { Translate } from './i18n-core.ts';

/** What the steps are written with: words, names for ids, the form's routes from the config. */
export type TraceContext = {
  t: Translate<MessageId>;
  repName: (id: string) => string;
  /** A time in the organization's zone. */
  time: (instant: string) => string;
  decimal: (value: number, digits: number) => string;
  /** `config.forms[formId].routes`, when the config is loaded: to print the matched route's condition. */
  routes?: readonly { when?: unknown }[] | undefined;
};

/** The condition words of the catalogue, for {@link conditionText}. */
export function conditionWords(t: Translate<MessageId>): ConditionWords {
  return {
    and: t('condAnd'), or: t('condOr'), not: t('condNot'), always: t('condAlways'), in: t('condIn'), notIn: t('condNotIn'),
    contains: t('condContains'), startsWith: t('condStartsWith'), endsWith: t('condEndsWith'), matches: t('condMatches'),
    exists: t('condExists'), notExists: t('condNotExists'),
  };
}

/** An exclusion reason in words ("time off"), for candidates, owners and sticky reps. */
export function reasonText(reason: ExclusionReason, t: Translate<MessageId>): string {
  return t(`reason_${reason}`);
}

const STRATEGIES = ['round_robin', 'balanced', 'priority', 'direct'] as const;

/** A strategy's name in words ("round robin"); an unknown one as the server wrote it. */
export function strategyText(name: string, t: Translate<MessageId>): string {
  return (STRATEGIES as readonly string[]).includes(name) ? t(`strategy_${name as (typeof STRATEGIES)[number]}`) : name;
}

function targetText(target: RouteTarget, c: TraceContext): string {
  if ('team' in target) return c.t('targetTeam', { team: target.team });
  if ('rep' in target) return c.t('targetRep', { rep: c.repName(target.rep) });
  return c.t('targetOwner', { team: target.fallback });
}

function numbersText(numbers: StrategyNumbers, c: TraceContext): string[] {
  const names = (ids: readonly string[]) => ids.map(c.repName).join(', ');
  const skipped = numbers.strategy !== 'balanced' && numbers.skipped.length > 0 ? [c.t('numSkipped', { reps: names(numbers.skipped) })] : [];
  if (numbers.strategy === 'balanced') {
    const loads = numbers.load.map((l) => c.t('numBalancedRep', {
      rep: c.repName(l.repId), ratio: c.decimal(l.ratio, 1), count: l.count, weight: l.weight,
    }));
    return [`${c.t('strategy_balanced')}: ${loads.join('; ')}`];
  }
  if (numbers.strategy === 'round_robin') {
    // Members are counted from 1 for people; -1 means the team has had no turn yet.
    const last = numbers.lastIndex < 0 ? c.t('numNoTurnYet') : String(numbers.lastIndex + 1);
    return [c.t('numRoundRobin', { last, chosen: numbers.chosenIndex + 1 }), ...skipped];
  }
  return [c.t('numPriority', { order: names(numbers.order) }), ...skipped];
}

function strategySteps(s: StrategyTrace, c: TraceContext): string[] {
  const values = { strategy: c.t(`strategy_${s.name}`), mode: c.t(`mode_${s.mode}`), rep: s.chosen ? c.repName(s.chosen) : '' };
  const head = s.pendingUntilBooking ? c.t('traceStrategyPending', values)
    : s.chosen ? c.t('traceStrategyChose', values) : c.t('traceStrategyNobody', values);
  return [head, ...(s.numbers ? numbersText(s.numbers, c) : [])];
}

/**
 * The decision trace as readable steps, in the order the router took them: qualify,
 * route, owner and sticky rep, candidates, strategy, the pooled booking's choice and
 * every reassignment since.
 */
export function traceSteps(trace: DecisionTrace, c: TraceContext): string[] {
  const { t } = c;
  const steps: string[] = [];
  const q = trace.qualify;
  steps.push(q.matchedRule === null ? t('traceQualifyNone') : t('traceQualifyMatched', { n: q.matchedRule + 1, reason: q.reason ?? '?' }));
  if (trace.source) steps.push(t('traceSource', { key: trace.source.apiKey, name: trace.source.name ?? '—' }));
  if (trace.route) {
    if (trace.route.index === null) {
      steps.push(t('traceRouteNone'));
    } else {
      const route = c.routes?.[trace.route.index];
      const condition = route ? conditionText(route.when, conditionWords(t)) : '…';
      steps.push(t('traceRoute', { n: trace.route.index + 1, condition, target: targetText(trace.route.target, c) }));
    }
  }
  if (trace.owner) {
    const values = { rep: c.repName(trace.owner.repId), account: trace.owner.account };
    steps.push(trace.owner.used ? t('traceOwnerUsed', values)
      : t('traceOwnerSkipped', { ...values, reason: trace.owner.reason ? reasonText(trace.owner.reason, t) : '—' }));
  }
  if (trace.sticky) {
    const rep = c.repName(trace.sticky.repId);
    steps.push(trace.sticky.used ? t('traceStickyUsed', { rep })
      : t('traceStickySkipped', { rep, reason: trace.sticky.reason ? reasonText(trace.sticky.reason, t) : '—' }));
  }
  const routedToTeam = trace.route && trace.route.index !== null && 'team' in trace.route.target;
  if (trace.team && !routedToTeam) steps.push(t('traceTeam', { team: trace.team }));
  for (const note of trace.candidates ?? []) {
    const rep = c.repName(note.repId);
    if (!note.included) steps.push(t('traceExcluded', { rep, reason: reasonText(note.reason, t) }));
    else steps.push(note.slots === undefined ? t('traceIncluded', { rep }) : t('traceIncludedSlots', { rep, slots: note.slots }));
  }
  if (trace.strategy) steps.push(...strategySteps(trace.strategy, c));
  if (trace.booking) {
    const b = trace.booking;
    steps.push(t('traceBooking', { start: c.time(b.start), reps: b.freeReps.map(c.repName).join(', ') || '—', rep: c.repName(b.chosen) }));
    if (b.numbers) steps.push(...numbersText(b.numbers, c));
  }
  for (const r of trace.reassignments ?? []) {
    const values = { at: c.time(r.at), from: c.repName(r.from), why: t(`why_${r.why}`) };
    steps.push(r.to === null ? t('traceReassignedNobody', values) : t('traceReassigned', { ...values, to: c.repName(r.to) }));
    if (r.strategy) steps.push(...strategySteps(r.strategy, c));
  }
  return steps;
}
