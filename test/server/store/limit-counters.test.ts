import { randomBytes } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../server/store/db.ts';
import { openLimitCounters, type LimitCounters } from '../../../server/store/limit-counters.ts';
import { openTestDb, postgresAvailable } from '../../helpers/db.ts';
import { REDIS_URL, redisAvailable } from '../../helpers/redis.ts';

const withPostgres = await postgresAvailable();
const withRedis = await redisAvailable();

const opened: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.reverse()) await thing.close();
  opened.length = 0;
});

/** Consumes `key` on each counter in turn, `times` times: true where it was allowed. */
async function takeInTurn(counters: LimitCounters[], rule: { name: string; points: number; seconds: number }, key: string, times: number) {
  const allowed: boolean[] = [];
  for (let i = 0; i < times; i++) {
    try {
      await counters[i % counters.length]!.counter(rule).consume(key);
      allowed.push(true);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      allowed.push(false);
    }
  }
  return allowed;
}

describe('abuse-limit counters', () => {
  it.skipIf(!withPostgres)('on PostgreSQL, two instances count into one table', async () => {
    const { db, close } = await openTestDb('postgres');
    opened.push({ close });
    await migrate(db);
    const a = await openLimitCounters(db);
    const b = await openLimitCounters(db);
    opened.push(a, b);
    expect(a.where).toBe('postgres');
    const rule = { name: 'test', points: 5, seconds: 60 };
    expect(await takeInTurn([a, b], rule, 'k1', 8)).toEqual([true, true, true, true, true, false, false, false]);
    // Another key has its own points.
    expect(await takeInTurn([a, b], rule, 'k2', 1)).toEqual([true]);
  });

  it.skipIf(!withRedis)('on Redis, two instances count into one key', async () => {
    const { db, close } = await openTestDb('sqlite');
    opened.push({ close });
    const a = await openLimitCounters(db, { redisUrl: REDIS_URL });
    const b = await openLimitCounters(db, { redisUrl: REDIS_URL });
    opened.push(a, b);
    expect(a.where).toBe('redis');
    const key = randomBytes(8).toString('hex');
    expect(await takeInTurn([a, b], { name: 'test', points: 3, seconds: 60 }, key, 5)).toEqual([true, true, true, false, false]);
  });

  it('keeps limiting, in this process, while Redis cannot be reached, and says so once', async () => {
    const { db, close } = await openTestDb('sqlite');
    opened.push({ close });
    const trouble: { reachable: boolean; where: string }[] = [];
    // Port 9 (discard) has no Redis: every connection attempt is refused.
    const counters = await openLimitCounters(db, { redisUrl: 'redis://127.0.0.1:9', onTrouble: (t) => trouble.push(t) });
    opened.push(counters);
    const started = Date.now();
    expect(await takeInTurn([counters], { name: 'test', points: 3, seconds: 60 }, 'k', 5)).toEqual([true, true, true, false, false]);
    // No request waits for a reconnect.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(trouble.filter((t) => !t.reachable)).toHaveLength(1);
    expect(trouble[0]!.where).toBe('redis');
  });

  it('gives the same counter for the same rule, so a config reload keeps the counts', async () => {
    const { db, close } = await openTestDb('sqlite');
    opened.push({ close });
    const counters = await openLimitCounters(db);
    opened.push(counters);
    const rule = { name: 'test', points: 2, seconds: 60 };
    await counters.counter(rule).consume('k');
    await counters.counter({ ...rule }).consume('k');
    await expect(counters.counter({ ...rule }).consume('k')).rejects.toBeInstanceOf(RateLimiterRes);
    // A changed limit starts afresh.
    await expect(counters.counter({ ...rule, points: 3 }).consume('k')).resolves.toBeInstanceOf(RateLimiterRes);
  });
});
