import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseForServers, postgresAvailable } from '../helpers/db.ts';
import { REDIS_URL, redisAvailable } from '../helpers/redis.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { testConfigWith } from '../server/booking/fixtures.ts';

// 20 submissions a minute from one address; nothing else limited.
const CONFIG = testConfigWith((config) => {
  (config.limits as Record<string, number>).submissionsPerIpPerMinute = 20;
});

const stores = [
  ...((await postgresAvailable()) ? ['postgres' as const] : []),
  ...((await postgresAvailable()) && (await redisAvailable()) ? ['redis' as const] : []),
];

describe.skipIf(stores.length === 0)('abuse limits across instances', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.stop())); });

  it.each(stores)('holds 20 submissions a minute from one address across two instances (counted in %s)', async (where) => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-limits-'));
    const configFile = join(dir, 'usher.config.yaml');
    writeFileSync(configFile, CONFIG);
    const database = await databaseForServers('usher_limits');
    const env = {
      DATABASE_URL: database.url, SMTP_URL: '', REDIS_URL: where === 'redis' ? REDIS_URL : '',
      // Redis keys are keyed hashes under the instances' shared secret: a fresh one keeps
      // this run's counts apart from any other run on the same Redis.
      USHER_SECRET: randomBytes(32).toString('base64url'),
      USHER_METRICS_TOKEN: 'metrics-token-0123456789',
    };
    // One after the other: the first migrates the shared database.
    const a = await startServer({ config: configFile, env });
    servers.push(a);
    const b = await startServer({ config: configFile, env });
    servers.push(b);
    expect(a.output()).toContain(`"limits":"${where}"`);

    // A load balancer sending one address's requests to each instance in turn.
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${(i % 2 === 0 ? a : b).url}/api/forms/demo/submissions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: { email: `lim${i}@acme${i}.io`, name: `Limit ${i}`, size: '11-50', country: 'DE' }, timezone: 'Europe/Berlin' }),
      });
      statuses.push(res.status);
      if (res.status === 429) refusal ??= res;
      else await res.body?.cancel();
    }
    // Counted alone, each instance would have taken 15 of 20 and refused none.
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refusal!.json()).error.code).toBe('rate_limited');

    // On PostgreSQL the counts are rows of rate_limits, keyed by a hash, never the address;
    // with Redis that table stays empty.
    // Each instance's metrics count the refusals it gave (5 each), beside its process metrics.
    for (const server of [a, b]) {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).text();
      expect(text).toContain('usher_rate_limited_total{limit="submissionsPerIp"} 5');
      expect(text).toContain('usher_http_requests_total{method="POST",route="/api/forms/:formId/submissions",status="429"} 5');
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    }

    const keys = (await database.rows<{ key: string }>('select key from rate_limits')).map((r) => r.key);
    if (where === 'postgres') {
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^submissionsPerIp:[\w-]{27}$/);
    } else {
      expect(keys).toEqual([]);
    }
    await Promise.all([a.stop(), b.stop()]);
    await database.drop();
  }, 90_000);
});
