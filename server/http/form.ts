import type { Context } from 'hono';
import { ApiError } from './errors.ts';
import { readJson } from './validate.ts';

/**
 * A server-rendered page's form post. The pages post urlencoded; nothing else is
 * needed, and a multipart parser is one more thing a stranger's malformed body could break.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the form as application/x-www-form-urlencoded');
  }
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
}

/** A body that may be missing altogether; a body, when sent, is JSON like any other. */
export async function readOptionalJson<T>(c: Context, schema: Parameters<typeof readJson<T>>[1], empty: T): Promise<T> {
  if (!c.req.header('content-type') && (await c.req.text()) === '') return empty;
  return readJson(c, schema);
}
