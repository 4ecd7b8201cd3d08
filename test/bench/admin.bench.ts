import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { hashToken } from '../../server/http/tokens.ts';
import { createTestApp } from '../helpers/app.ts';
import { MONDAY_0600Z } from '../fixtures/test-config.ts';

/**
 * The admin console's leads page with 100,000 leads stored (SQLite): the time for the
 * first page of 50 and for filtered pages, each beside a Hono hello-world answered in
 * the same process run. Medians of 41 requests after 5 to warm up. Goal: under 300 ms.
 */

const LEADS = 100_000;
const TOKEN = 'bench-admin-token-0123456789';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(request: () => Promise<Response>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 46; i++) {
    const started = performance.now();
    const res = await request();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`answered ${res.status}`);
    if (i >= 5) times.push(performance.now() - started);
  }
  return median(times);
}

export default async function run(): Promise<void> {
  const t = await createTestApp({ now: MONDAY_0600Z, adminToken: TOKEN, db: 'sqlite' });
  const reps = ['ny', 'ldn', 'kol'];
  const outcomes = ['schedule', 'schedule', 'schedule', 'disqualified', 'no_availability'];
  process.stdout.write(`storing ${LEADS} leads `);
  for (let batch = 0; batch < LEADS / 1000; batch++) {
    await t.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 1000; i++) {
        const n = batch * 1000 + i;
        const outcome = outcomes[n % outcomes.length]!;
        const rep = outcome === 'schedule' ? reps[n % 3]! : null;
        const email = `p${n}@acme.io`;
        await sql`insert into leads (id, form_id, created_at, outcome, reason, token_hash, email_hash, answers, facts, timezone, locale,
          team_id, rep_id, candidate_ids, mode, trace) values (${randomUUID()}, 'demo', ${MONDAY_0600Z - n * 60_000}, ${outcome},
          ${outcome === 'disqualified' ? 'too_small' : null}, null, ${hashToken(email)},
          ${JSON.stringify({ email, name: `P ${n}`, size: '11-50' })}, '{}', 'UTC', 'en', ${rep ? 'rr' : null}, ${rep},
          ${JSON.stringify(rep ? [rep] : [])}, ${rep ? 'assigned' : null}, '{"qualify":{"matchedRule":null,"reason":null}}')`.execute(tx);
      }
    });
    if (batch % 10 === 9) process.stdout.write('.');
  }
  process.stdout.write('\n');
  const hello = new Hono().get('/', (c) => c.json({ hello: 'world' }));
  const baseline = await timed(() => Promise.resolve(hello.request('/')));
  const headers = { authorization: `Bearer ${TOKEN}` };
  const pages: [string, string][] = [
    ['newest 50', '/api/admin/leads?limit=50'],
    ['outcome + team', '/api/admin/leads?limit=50&outcome=schedule&team=rr'],
    ['rep + date range', '/api/admin/leads?limit=50&rep=kol&from=2026-10-01&to=2026-10-31'],
    ['email search', '/api/admin/leads?limit=50&email=p77777@acme.io'],
    ['outcome, deep page', '/api/admin/leads?limit=50&outcome=no_availability&to=2026-09-01'],
  ];
  console.log(`hello-world: ${baseline.toFixed(3)} ms (median)`);
  for (const [name, path] of pages) {
    const ms = await timed(() => Promise.resolve(t.app.request(path, { headers })));
    console.log(`${name}: ${ms.toFixed(2)} ms median, ${(ms / baseline).toFixed(0)}× hello-world${ms < 300 ? '' : '  ← over the 300 ms goal'}`);
  }
  await t.close();
}
