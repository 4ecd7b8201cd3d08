import type { Plugin } from 'vite';
import * as z from 'zod/mini';
import * as api from '../shared/api.ts';
import type { Shape } from '../widget/validate.ts';

/**
 * Build-time half of the widget's response validation. zod would cost the widget about
 * 8 KB gzip, more than half its budget, so the build converts the response schemas of
 * `shared/api.ts` to JSON Schema with `z.toJSONSchema`, then to the compact notation
 * `widget/validate.ts` checks (described there), and serves them to the widget as the
 * virtual module `virtual:usher-response-schemas`. The shapes are still written once, in
 * zod, and the widget's types still come from `z.infer` (see `widget/schemas.ts`).
 */

export const RESPONSE_SCHEMAS_MODULE = 'virtual:usher-response-schemas';

/** The schemas the widget parses responses with, by their export name in shared/api.ts. */
export const RESPONSE_SCHEMA_NAMES = [
  'formViewSchema',
  'submissionResponseSchema',
  'slotsResponseSchema',
  'bookingResponseSchema',
  'errorBodySchema',
] as const;

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  $schema?: string;
};

/** Keywords each JSON Schema type may carry; anything else stops the build, because a
 * check the widget silently skipped would let it accept what the server's schema rejects. */
const ALLOWED: Record<string, string[]> = {
  string: ['pattern', 'format', 'const', 'enum'],
  number: [],
  boolean: [],
  null: [],
  array: ['items'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames'],
};

/** One JSON Schema node in the widget's notation; `path` names the place in errors. */
function toShape(node: JsonSchema, path: string): Shape<unknown> {
  const fail = (why: string): never => {
    throw new Error(`${path}: the widget's validator does not support ${why}`);
  };
  const { $schema: _ignored, type, anyOf, oneOf, ...rest } = node;
  const options = anyOf ?? oneOf;
  if (options) {
    if (type || Object.keys(rest).length > 0) fail(`a union with other keywords (${JSON.stringify(node)})`);
    return ['|', ...options.map((option, i) => toShape(option, `${path}|${i}`))];
  }
  if (!type || !ALLOWED[type]) return fail(`type ${JSON.stringify(type)}`);
  const extra = Object.keys(rest).find((keyword) => !ALLOWED[type]!.includes(keyword));
  if (extra) fail(`"${extra}" on a ${type}`);
  if ('const' in rest) return ['=', rest.const];
  if (rest.enum) return ['=', ...rest.enum];
  switch (type) {
    case 'string':
      // zod writes its datetime check as `pattern` beside `format`: the pattern is the check.
      if (rest.format && !rest.pattern) fail(`format "${rest.format}" without a pattern`);
      return rest.pattern ? new RegExp(rest.pattern) : 'string';
    case 'array':
      return [toShape(rest.items ?? fail('an array without items'), `${path}[]`)];
    case 'object': {
      const required = rest.required ?? [];
      const shape: Record<string, Shape<unknown>> = {};
      for (const [key, child] of Object.entries(rest.properties ?? {})) {
        if (key === '*' || key.endsWith('?')) fail(`the key "${key}"`);
        shape[required.includes(key) ? key : `${key}?`] = toShape(child, `${path}.${key}`);
      }
      if (rest.propertyNames && JSON.stringify(rest.propertyNames) !== '{"type":"string"}') fail('propertyNames');
      const others = rest.additionalProperties;
      if (typeof others === 'object') shape['*'] = toShape(others, `${path}.*`);
      else if (others === false) fail('additionalProperties: false');
      return shape;
    }
    default:
      return type as 'number' | 'boolean' | 'null';
  }
}

type ResponseSchemas = { [K in (typeof RESPONSE_SCHEMA_NAMES)[number]]: z.ZodMiniType };

/** Every response schema the widget uses, in the validator's notation. */
export function responseShapes(source: ResponseSchemas = api): Record<string, Shape<unknown>> {
  return Object.fromEntries(RESPONSE_SCHEMA_NAMES.map((name) =>
    [name, toShape(z.toJSONSchema(source[name], { io: 'input', unrepresentable: 'throw' }) as JsonSchema, name)]));
}

/**
 * The shapes as an ES module. Parts that occur more than once (slots, hosts, the datetime
 * pattern) become shared constants, and patterns RegExp literals, so the validator
 * compiles nothing at run time.
 */
export function responseShapesModule(shapes: Record<string, unknown> = responseShapes()): string {
  const key = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (v instanceof RegExp ? `/${v.source}/` : v));
  const seen = new Map<string, number>();
  const count = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    seen.set(key(value), (seen.get(key(value)) ?? 0) + 1);
    if (!(value instanceof RegExp)) Object.values(value).forEach(count);
  };
  Object.values(shapes).forEach(count);

  const declarations: string[] = [];
  const names = new Map<string, string>();
  const emit = (value: unknown): string => {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value);
    const body = value instanceof RegExp
      ? String(value)
      : Array.isArray(value)
        ? `[${value.map(emit).join(',')}]`
        : `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${emit(v)}`).join(',')}}`;
    const id = key(value);
    if ((seen.get(id) ?? 0) < 2 || body.length < 16) return body;
    if (!names.has(id)) {
      names.set(id, `s${names.size}`);
      declarations.push(`const ${names.get(id)}=${body};`);
    }
    return names.get(id)!;
  };
  const exported = Object.entries(shapes).map(([name, shape]) => `${name}:${emit(shape)}`).join(',');
  return `${declarations.join('\n')}\nexport default {${exported}};\n`;
}

/** Vite plugin serving `virtual:usher-response-schemas` to the widget build and its tests. */
export function responseSchemas(): Plugin {
  const resolved = `\0${RESPONSE_SCHEMAS_MODULE}`;
  return {
    name: 'usher-response-schemas',
    resolveId: (id) => (id === RESPONSE_SCHEMAS_MODULE ? resolved : null),
    load: (id) => (id === resolved ? responseShapesModule() : null),
  };
}
