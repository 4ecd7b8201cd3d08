import type { Context } from 'hono';
import type { z } from 'zod/mini';
import secureJson from 'secure-json-parse';
import { ApiError } from './errors.ts';

type Schema<T> = { safeParse(input: unknown): { success: true; data: T } | { success: false; error: z.core.$ZodError } };

function issuePath(path: readonly PropertyKey[], root: string): string {
  return path.map(String).join('.') || root;
}

/**
 * Reads a JSON body and checks it against a shared schema. Malformed JSON, a wrong
 * content type and a failed check are all 4xx with every issue listed.
 */
export async function readJson<T>(c: Context, schema: Schema<T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the body as application/json');
  }
  let body: unknown;
  try {
    // Refuses `__proto__` and `constructor.prototype` keys outright: no merge further
    // down can then be tricked into reaching Object.prototype.
    body = secureJson.parse(await c.req.text(), undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const polluting = error instanceof SyntaxError && /prototype/i.test(error.message);
    throw new ApiError('invalid_json', polluting ? 'the body uses a forbidden key (__proto__ or constructor.prototype)' : 'the body is not valid JSON');
  }
  return checkWith(schema, body);
}

/**
 * Checks a value (a parsed body, a query) against a shared schema; a failure is
 * `422 invalid_request` listing every issue by path.
 */
export function checkWith<T>(schema: Schema<T>, value: unknown, message = 'the request does not match the API', root = '(body)'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError('invalid_request', message, {
    issues: parsed.error.issues.map((issue) => ({ path: issuePath(issue.path, root), message: issue.message })),
  });
}
