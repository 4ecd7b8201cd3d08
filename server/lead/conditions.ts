import type { ConditionNode, Scalar } from '../../shared/conditions.ts';
import type { LeadFacts } from './fields.ts';

type Fact = string | boolean | null | undefined;

function normalize(value: Fact | Scalar): string | boolean | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value.normalize('NFC').trim().toLowerCase();
  return value;
}

/** Equality the way a RevOps admin means it: case-insensitive, "true" equals true, "5" equals 5. */
function equals(fact: Fact, expected: Scalar | null): boolean {
  const a = normalize(fact);
  const b = normalize(expected);
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

function numeric(value: Fact | Scalar): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function compare(fact: Fact, operand: Scalar): number | null {
  const a = numeric(fact);
  const b = numeric(operand);
  if (a !== null && b !== null) return a - b;
  const x = normalize(fact);
  const y = normalize(operand);
  if (typeof x !== 'string' || typeof y !== 'string') return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

function test(node: Extract<ConditionNode, { kind: 'test' }>, facts: LeadFacts): boolean {
  const fact = facts[node.field];
  const value = node.value;
  const text = normalize(fact);
  switch (node.op) {
    case 'eq': return equals(fact, value as Scalar | null);
    case 'ne': return !equals(fact, value as Scalar | null);
    case 'in': return (value as Scalar[]).some((v) => equals(fact, v));
    case 'notIn': return !(value as Scalar[]).some((v) => equals(fact, v));
    case 'exists': return (text !== null) === value;
    case 'gt': { const c = compare(fact, value as Scalar); return c !== null && c > 0; }
    case 'gte': { const c = compare(fact, value as Scalar); return c !== null && c >= 0; }
    case 'lt': { const c = compare(fact, value as Scalar); return c !== null && c < 0; }
    case 'lte': { const c = compare(fact, value as Scalar); return c !== null && c <= 0; }
    case 'contains': return typeof text === 'string' && text.includes(String(normalize(value as string)));
    case 'startsWith': return typeof text === 'string' && text.startsWith(String(normalize(value as string)));
    case 'endsWith': return typeof text === 'string' && text.endsWith(String(normalize(value as string)));
    // Compiled at load without the g or y flag, so `test` keeps no state between leads.
    case 'matches': return typeof fact === 'string' && node.regex!.test(fact);
  }
}

/** Whether a condition holds for a lead; a missing condition always holds. */
export function evaluate(node: ConditionNode | undefined, facts: LeadFacts): boolean {
  if (node === undefined) return true;
  switch (node.kind) {
    case 'all': return node.items.every((item) => evaluate(item, facts));
    case 'any': return node.items.some((item) => evaluate(item, facts));
    case 'not': return !evaluate(node.item, facts);
    case 'test': return test(node, facts);
  }
}
