import type { Plugin } from 'vite';
import * as z from 'zod/mini';
import * as api from '../shared/api.ts';
import type { Shape } from '../widget/validate.ts';

/**
 * Build-time half of the widget's response validation. zod would cost the widget about
 * 8 KB gzip, more than half its budget, so the build converts the response schemas of
 * `shared/api.ts` to JSON Schema with `z.toJSONSchema`, then to the compact notation
 * `widget/validate.ts` checks (described there), and serves them to the widget as two
 * virtual modules: `virtual:usher-response-schemas` with the shapes the first step needs
 * (the form, and an error's code and message), and `virtual:usher-response-schemas/later` with the rest,
 * which travels in the scheduler's module. The shapes are still written once, in zod,
 * and the widget's types still come from `z.infer` (see `widget/schemas.ts`).
 */

export const RESPONSE_SCHEMAS_MODULE = 'virtual:usher-response-schemas';
export const LATER_RESPONSE_SCHEMAS_MODULE = `${RESPONSE_SCHEMAS_MODULE}/later`;

/** The shapes in the first module; the others are in the later one. */
export const FIRST_RESPONSE_SCHEMAS: readonly string[] = ['formViewSchema', 'errorSummarySchema'];

/** The schemas the widget parses responses with, by their export name in shared/api.ts. */
export const RESPONSE_SCHEMA_NAMES = [
  'formViewSchema',
  'submissionResponseSchema',
  'slotsResponseSchema',
  'bookingResponseSchema',
  'manageLinkResponseSchema',
  'errorBodySchema',
  'errorSummarySchema',
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
 * The shapes as two ES modules, the first's and the later one's. Parts that occur more
 * than once (slots, hosts, the datetime pattern) become shared constants, declared once:
 * in the first module when a first shape uses them (the later module imports them from
 * there), else in the later one. Patterns are RegExp literals, so the validator compiles
 * nothing at run time.
 */
export function responseShapesModules(shapes: Record<string, unknown> = responseShapes()): { first: string; later: string } {
  const key = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (v instanceof RegExp ? `/${v.source}/` : v));
  const seen = new Map<string, number>();
  const count = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    seen.set(key(value), (seen.get(key(value)) ?? 0) + 1);
    if (!(value instanceof RegExp)) Object.values(value).forEach(count);
  };
  Object.values(shapes).forEach(count);

  const names = new Map<string, string>();
  const declared = { first: [] as string[], later: [] as string[] };
  const imported = new Set<string>();
  let part: 'first' | 'later' = 'first';
  const emit = (value: unknown): string => {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value);
    const id = key(value);
    const known = names.get(id);
    if (known) {
      if (part === 'later' && declared.first.some((line) => line.startsWith(`export const ${known}=`))) imported.add(known);
      return known;
    }
    const body = value instanceof RegExp
      ? String(value)
      : Array.isArray(value)
        ? `[${value.map(emit).join(',')}]`
        : `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${emit(v)}`).join(',')}}`;
    if ((seen.get(id) ?? 0) < 2 || body.length < 16) return body;
    const name = `s${names.size}`;
    names.set(id, name);
    declared[part].push(`${part === 'first' ? 'export ' : ''}const ${name}=${body};`);
    return name;
  };
  const exports = (which: (name: string) => boolean) =>
    Object.entries(shapes).filter(([name]) => which(name)).map(([name, shape]) => `${name}:${emit(shape)}`).join(',');
  const firstExports = exports((name) => FIRST_RESPONSE_SCHEMAS.includes(name));
  part = 'later';
  const laterExports = exports((name) => !FIRST_RESPONSE_SCHEMAS.includes(name));
  const imports = imported.size > 0 ? `import {${[...imported].join(',')}} from ${JSON.stringify(RESPONSE_SCHEMAS_MODULE)};\n` : '';
  return {
    first: `${declared.first.join('\n')}\nexport default {${firstExports}};\n`,
    later: `${imports}${declared.later.join('\n')}\nexport default {${laterExports}};\n`,
  };
}

/** Vite plugin serving both virtual modules to the widget build and its tests. */
export function responseSchemas(): Plugin {
  const modules = new Map<string, 'first' | 'later'>([[`\0${RESPONSE_SCHEMAS_MODULE}`, 'first'], [`\0${LATER_RESPONSE_SCHEMAS_MODULE}`, 'later']]);
  return {
    name: 'usher-response-schemas',
    resolveId: (id) => (id === RESPONSE_SCHEMAS_MODULE || id === LATER_RESPONSE_SCHEMAS_MODULE ? `\0${id}` : null),
    load: (id) => {
      const part = modules.get(id);
      return part ? responseShapesModules()[part] : null;
    },
  };
}
