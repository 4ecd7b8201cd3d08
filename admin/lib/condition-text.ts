/** The words a condition is written with, from the message catalogue. */
export type ConditionWords = {
  and: string; or: string; not: string; always: string;
  in: string; notIn: string; contains: string; startsWith: string; endsWith: string;
  matches: string; exists: string; notExists: string;
};

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

function operand(value: unknown): string {
  if (Array.isArray(value)) return value.map(operand).join(', ');
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

const SYMBOLS: Record<string, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** One test: `company_size in 201-1000, 1000+`. */
function testText(field: string, op: string, value: unknown, w: ConditionWords): string {
  if (op === 'exists') return `${field} ${value === false ? w.notExists : w.exists}`;
  if (op === 'matches') return `${field} ${w.matches} /${operand(value)}/`;
  const word = SYMBOLS[op] ?? (w as Record<string, string>)[op] ?? op;
  return `${field} ${word} ${operand(value)}`;
}

/** Parts joined by `joiner`, in parentheses when they sit inside a larger condition. */
function group(parts: string[], joiner: string, nested: boolean): string {
  if (parts.length === 1) return parts[0]!;
  const text = parts.join(` ${joiner} `);
  return nested ? `(${text})` : text;
}

/**
 * The config may come back as written (`{ company_size: { in: [...] } }`) or as the
 * server's parsed tree (`{ kind: 'test', field, op, value }`); both read the same.
 */
function nodeText(node: Obj, w: ConditionWords, nested: boolean): string | null {
  if (node.kind === 'test' && typeof node.field === 'string' && typeof node.op === 'string' && 'path' in node) {
    return testText(node.field, node.op, node.value, w);
  }
  if ((node.kind === 'all' || node.kind === 'any') && Array.isArray(node.items) && Object.keys(node).length === 2) {
    return group(node.items.map((item) => text(item, w, true)), node.kind === 'all' ? w.and : w.or, nested);
  }
  if (node.kind === 'not' && isObject(node.item) && Object.keys(node).length === 2) return `${w.not} (${text(node.item, w, false)})`;
  return null;
}

function text(condition: unknown, w: ConditionWords, nested: boolean): string {
  if (!isObject(condition)) return operand(condition);
  const parsed = nodeText(condition, w, nested);
  if (parsed !== null) return parsed;
  const entries = Object.entries(condition);
  // Several keys are joined by "and", so each part inside needs its own parentheses.
  const inner = nested || entries.length > 1;
  const parts = entries.flatMap(([key, value]): string[] => {
    if (key === 'all' || key === 'any') {
      const items = Array.isArray(value) ? value : [value];
      return [group(items.map((item) => text(item, w, true)), key === 'all' ? w.and : w.or, inner)];
    }
    if (key === 'not') return [`${w.not} (${text(value, w, false)})`];
    if (isObject(value)) return Object.entries(value).map(([op, arg]) => testText(key, op, arg, w));
    // A bare value is an equality test.
    return [testText(key, 'eq', value, w)];
  });
  return group(parts, w.and, nested);
}

/**
 * A route's or rule's `when` as one line of text: every key of an object must hold
 * ("and"), a bare value is equality, `all`/`any`/`not` combine. No `when`: "always".
 */
export function conditionText(condition: unknown, words: ConditionWords): string {
  return condition === undefined || condition === null ? words.always : text(condition, words, false);
}
