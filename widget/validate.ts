/**
 * Checks parsed JSON responses against shapes generated at build time from the zod
 * schemas in shared/api.ts (scripts/response-schemas.ts, by way of their JSON Schema),
 * accepting exactly what zod accepts and, like zod's default objects, dropping keys the
 * shape does not name. The notation is JSON Schema made small enough for the bundle:
 *
 *   'string' | 'number' | 'boolean' | 'null'   a value of that type (numbers finite)
 *   /regexp/                                   a string it matches
 *   [shape]                                    an array of shape
 *   ['=', a, b, …]                             one of these literal values
 *   ['|', shape, shape, …]                     the first shape that matches
 *   { key: shape, 'key?': shape, '*': shape }  an object; `key?` may be missing, `*`
 *                                              checks every key not named
 */
export type Shape<T> = Notation & { readonly [type]?: T };
type Notation = 'string' | 'number' | 'boolean' | 'null' | RegExp | readonly unknown[] | { readonly [key: string]: unknown };
declare const type: unique symbol;

const FAIL = Symbol();

function conform(shape: unknown, value: unknown): unknown {
  if (typeof shape === 'string') {
    const kind = value === null ? 'null' : typeof value;
    return kind === shape && (kind !== 'number' || Number.isFinite(value)) ? value : FAIL;
  }
  if (shape instanceof RegExp) return typeof value === 'string' && shape.test(value) ? value : FAIL;
  if (Array.isArray(shape)) {
    const [tag, ...options] = shape;
    if (tag === '=') return options.includes(value) ? value : FAIL;
    if (tag === '|') {
      for (const option of options) {
        const result = conform(option, value);
        if (result !== FAIL) return result;
      }
      return FAIL;
    }
    if (!Array.isArray(value)) return FAIL;
    const items = value.map((item) => conform(tag, item));
    return items.includes(FAIL) ? FAIL : items;
  }
  if (typeof value !== 'object' || !value || Array.isArray(value)) return FAIL;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const fields = shape as Record<string, unknown>;
  const others = fields['*'];
  const named = Object.keys(fields).filter((key) => key !== '*');
  const names = named.map((key) => key.replace(/\?$/, ''));
  for (const key of [...names, ...(others ? Object.keys(input).filter((key) => !names.includes(key)) : [])]) {
    const at = names.indexOf(key);
    // An optional key may be missing; zod leaves it out of the result then.
    if (input[key] === undefined && named[at] !== key && at >= 0) continue;
    const result = conform(at < 0 ? others : fields[named[at]!], input[key]);
    if (result === FAIL) return FAIL;
    out[key] = result;
  }
  return out;
}

/** `value` as the shape's type, with unknown keys dropped, or undefined when it does not match. */
export function parse<T>(shape: Shape<T>, value: unknown): T | undefined {
  const result = conform(shape, value);
  return result === FAIL ? undefined : (result as T);
}
