import safeRegex from 'safe-regex2';
import { z } from 'zod';

/**
 * The condition language of SPEC §2.1, parsed once at load into a small tree so that
 * evaluation never has to guess what a key means. Which fields exist depends on the
 * form, so field names are checked later, against the form (see server/config).
 */
export const OPERATORS = [
  'eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte',
  'contains', 'startsWith', 'endsWith', 'matches', 'exists',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Scalar = string | number | boolean;

export type ConditionNode =
  | { kind: 'all'; items: ConditionNode[] }
  | { kind: 'any'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | {
      kind: 'test';
      field: string;
      op: Operator;
      value: Scalar | Scalar[] | null;
      path: (string | number)[];
      /** `matches`: the expression, compiled once when the config is loaded. */
      regex?: RegExp;
    };

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const operandSchemas: Record<Operator, z.ZodType> = {
  eq: scalar.nullable(),
  ne: scalar.nullable(),
  in: z.array(scalar).min(1),
  notIn: z.array(scalar).min(1),
  gt: z.union([z.number(), z.string()]),
  gte: z.union([z.number(), z.string()]),
  lt: z.union([z.number(), z.string()]),
  lte: z.union([z.number(), z.string()]),
  contains: z.string(),
  startsWith: z.string(),
  endsWith: z.string(),
  matches: z.string(),
  exists: z.boolean(),
};

type Issue = { path: (string | number)[]; message: string };

/**
 * Regular expressions run on every lead against text a stranger typed, so one that can
 * backtrack catastrophically (`(a+)+$`) would let a single answer stall the server.
 * Such patterns are refused at load, as are overlong or invalid ones.
 */
function regexProblem(source: string): string | null {
  if (source.length > 200) return 'regular expression longer than 200 characters';
  try {
    new RegExp(source, 'iu');
  } catch (error) {
    return `bad regular expression: ${(error as Error).message}`;
  }
  if (!safeRegex(source)) return `unsafe regular expression "${source}" (nested repetition can take exponential time)`;
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseList(raw: unknown, path: (string | number)[], issues: Issue[]): ConditionNode[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ path, message: 'expected a non-empty list of conditions' });
    return [];
  }
  return raw.map((item, i) => parseNode(item, [...path, i], issues));
}

function parseTest(field: string, raw: unknown, path: (string | number)[], issues: Issue[]): ConditionNode[] {
  if (raw === null || typeof raw !== 'object') {
    const parsed = scalar.nullable().safeParse(raw);
    if (!parsed.success) issues.push({ path, message: 'expected a string, number, boolean or operator object' });
    return [{ kind: 'test', field, op: 'eq', value: (raw as Scalar | null) ?? null, path }];
  }
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'a list is not a value; use { in: [...] }' });
    return [];
  }
  const entries = Object.entries(raw);
  if (entries.length === 0) issues.push({ path, message: 'expected at least one operator' });
  const tests: ConditionNode[] = [];
  for (const [op, operand] of entries) {
    if (!(OPERATORS as readonly string[]).includes(op)) {
      issues.push({ path: [...path, op], message: `unknown operator "${op}" (expected one of ${OPERATORS.join(', ')})` });
      continue;
    }
    const parsed = operandSchemas[op as Operator].safeParse(operand);
    if (!parsed.success) {
      issues.push({ path: [...path, op], message: parsed.error.issues[0]?.message ?? 'invalid operand' });
      continue;
    }
    if (op === 'matches') {
      const problem = regexProblem(parsed.data as string);
      if (problem) {
        issues.push({ path: [...path, op], message: problem });
        continue;
      }
      tests.push({ kind: 'test', field, op, value: parsed.data as string, path: [...path, op], regex: new RegExp(parsed.data as string, 'iu') });
      continue;
    }
    tests.push({ kind: 'test', field, op: op as Operator, value: parsed.data as Scalar | Scalar[] | null, path: [...path, op] });
  }
  return tests;
}

function parseNode(raw: unknown, path: (string | number)[], issues: Issue[]): ConditionNode {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'expected a condition object' });
    return { kind: 'all', items: [] };
  }
  const items: ConditionNode[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = [...path, key];
    if (key === 'all' || key === 'any') items.push({ kind: key, items: parseList(value, at, issues) });
    else if (key === 'not') items.push({ kind: 'not', item: parseNode(value, at, issues) });
    else items.push(...parseTest(key, value, at, issues));
  }
  return items.length === 1 ? items[0]! : { kind: 'all', items };
}

/** A condition as written in the config, parsed into a {@link ConditionNode}. */
export const conditionSchema = z.unknown().transform((raw, ctx): ConditionNode => {
  const issues: Issue[] = [];
  const node = parseNode(raw, [], issues);
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return node;
});

/** Every test node in a condition, for reference checks. */
export function conditionTests(node: ConditionNode): Extract<ConditionNode, { kind: 'test' }>[] {
  switch (node.kind) {
    case 'test': return [node];
    case 'not': return conditionTests(node.item);
    default: return node.items.flatMap(conditionTests);
  }
}
