import { randomBytes } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { migrate } from '../../server/store/db.ts';
import { openLimitCounters, type LimitCounters } from '../../server/store/limit-counters.ts';
import { openTestDb, postgresAvailable } from '../helpers/db.ts';
import { REDIS_URL, redisAvailable } from '../helpers/redis.ts';

/**
 * What a shared abuse limit adds to a request: the time one count takes in process, in
 * PostgreSQL and in Redis, each beside a bare round trip to the same server (`select 1`,
 * `PING`) in the same run, 32 counts in flight at once as under load. Medians of 5 rounds.
 */

const ROUNDS = 5;
const PER_ROUND = 4000;
const IN_FLIGHT = 32;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Microseconds per call of `work(i)`, `IN_FLIGHT` at a time: the median round. */
async function perCall(work: (i: number) => Promise<unknown>): Promise<number> {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < PER_ROUND) await work(next++);
    }));
    if (r > 0) rounds.push(((performance.now() - started) * 1000) / PER_ROUND);
  }
  return median(rounds);
}

/** Counts keys of a rule big enough never to refuse, so every call is a full count. */
const counting = (counters: LimitCounters) => {
  const counter = counters.counter({ name: `bench-${randomBytes(4).toString('hex')}`, points: 1_000_000, seconds: 60 });
  return (i: number) => counter.consume(`203.0.113.${i % 250}`).catch((e: unknown) => {
    if (!(e instanceof RateLimiterRes)) throw e;
  });
};

export default async function run(): Promise<void> {
  const { db: sqlite, close: closeSqlite } = await openTestDb('sqlite');
  const memory = await openLimitCounters(sqlite);
  console.log(`  in process          ${(await perCall(counting(memory))).toFixed(1)} µs per count`);
  await closeSqlite();

  if (await postgresAvailable()) {
    const { db, close } = await openTestDb('postgres');
    await migrate(db);
    const counters = await openLimitCounters(db);
    const { sql } = await import('kysely');
    const bare = await perCall(() => sql`select 1`.execute(db));
    const count = await perCall(counting(counters));
    console.log(`  PostgreSQL          ${count.toFixed(1)} µs per count, ${bare.toFixed(1)} µs per select 1 (${(count / bare).toFixed(2)}x)`);
    await counters.close();
    await close();
  }
  if (await redisAvailable()) {
    const { db, close } = await openTestDb('sqlite');
    const counters = await openLimitCounters(db, { redisUrl: REDIS_URL });
    const { Redis } = await import('ioredis');
    const client = new Redis(REDIS_URL);
    const bare = await perCall(() => client.ping());
    const count = await perCall(counting(counters));
    console.log(`  Redis               ${count.toFixed(1)} µs per count, ${bare.toFixed(1)} µs per PING (${(count / bare).toFixed(2)}x)`);
    client.disconnect();
    await counters.close();
    await close();
  }
}
