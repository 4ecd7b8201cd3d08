import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';

/** `GET /health`: the process answers and the database does too. */
export function createHealthRoutes(deps: { db: Db }) {
  return new Hono().get('/health', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ status: 'ok', database: 'ok' });
    } catch {
      return c.json({ status: 'error', database: 'unreachable' }, 503);
    }
  });
}
