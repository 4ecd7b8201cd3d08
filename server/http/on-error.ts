import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ErrorCode } from './errors.ts';
import type { Logger } from './log.ts';

/** The one place errors become responses: `{ error: { code, message, issues? } }`. */
export function createOnError(log: Logger) {
  return function onError(error: Error, c: Context) {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.json({ error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}), ...error.extra } }, error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code: ErrorCode = error.status === 413 ? 'payload_too_large' : error.status === 401 ? 'unauthorized' : 'bad_request';
      return c.json({ error: { code, message: error.message || code.replace(/_/g, ' ') } }, error.status);
    }
    const requestId = c.get('requestId') as string | undefined;
    // The driver's code (SQLITE_FULL, ECONNREFUSED, a PostgreSQL SQLSTATE) says more than
    // its message to whoever reads the log at 3 a.m.
    const code = (error as { code?: unknown }).code;
    log.error('unexpected error', { requestId, ...(typeof code === 'string' ? { code } : {}), error: error.stack ?? String(error) });
    return c.json({ error: { code: 'internal', message: `something went wrong (request ${requestId ?? 'unknown'})` } }, 500);
  };
}
