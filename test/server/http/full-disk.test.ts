import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../server/http/log.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('a full disk', () => {
  it('logs SQLITE_FULL, not a failed rollback, says so on /health while writes fail, and recovers once they work', async () => {
    const logged: string[] = [];
    const log: Logger = { info() {}, error: (message, fields) => { logged.push(`${message} ${JSON.stringify(fields ?? {})}`); } };
    t = await createTestApp({ now: MONDAY_0600Z, log, db: 'sqlite' });
    const submit = (i: number) => t!.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `full${i}@acme.io`, name: `Full ${'x'.repeat(180)}` }), timezone: 'Europe/Berlin' });
    expect((await submit(0)).status).toBe(200);
    // The database may grow no further: the next page it needs is past the limit.
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(t.db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(t.db);
    let status = 200;
    for (let i = 1; i < 200 && status === 200; i++) status = (await submit(i)).status;
    expect(status).toBe(500);
    const failure = logged.join('\n');
    expect(failure).toContain('SQLITE_FULL');
    expect(failure).not.toContain('cannot rollback');

    const health = await t.app.request('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: 'writes_failing', error: 'SQLITE_FULL' });

    await sql.raw('pragma max_page_count = 1073741823').execute(t.db);
    expect((await submit(999)).status).toBe(200);
    expect(await (await t.app.request('/health')).json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
