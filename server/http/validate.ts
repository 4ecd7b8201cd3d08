import type { Context } from 'hono';
import type { z } from 'zod/mini';
import secureJson from 'secure-json-parse';
import { ApiError } from './errors.ts';

type Schema<T> = { safeParse(input: unknown): { success: true; data: T } | { success: false; error: z.core.$ZodError } };

function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
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
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError('invalid_request', 'the request does not match the API', {
      issues: parsed.error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message })),
    });
  }
  return parsed.data;
}
