import { Redis } from 'ioredis';
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { postgresUrlOf, type Db } from './db.ts';

/** One abuse limit: `points` per `seconds`, counted per key. */
export type CounterRule = { name: string; points: number; seconds: number };

/** Counts one use of `key`; rejects with a `RateLimiterRes` once the points are used up. */
export type Counter = { consume(key: string): Promise<RateLimiterRes> };

export type LimitCounters = {
  /** Where counts are kept: shared by every instance (PostgreSQL, Redis) or in this process. */
  readonly where: 'postgres' | 'redis' | 'memory';
  /** The counter for `rule`; the same one for the same rule, so a config reload keeps the counts. */
  counter(rule: CounterRule): Counter;
  close(): Promise<void>;
};

export type CounterOptions = {
  /** Redis, when set, instead of the PostgreSQL database. */
  redisUrl?: string | undefined;
  /** Told when the shared store cannot be reached (and counting falls back to this process), and when it can again. */
  onTrouble?: (problem: { reachable: boolean; where: 'postgres' | 'redis'; error?: string }) => void;
};

/** The table migration 008 makes, in rate-limiter-flexible's PostgreSQL layout. */
const TABLE = 'rate_limits';

/** How often expired PostgreSQL counters are deleted, and how long after expiry. */
const SWEEP_EVERY_MS = 5 * 60_000;
const SWEEP_AFTER_MS = 60 * 60_000;

/** How long a start waits for Redis before counting in process until it answers. */
const REDIS_READY_WAIT_MS = 2000;

/**
 * Abuse-limit counters. With several instances behind a load balancer each would
 * otherwise count alone, and a limit of 20 a minute would be 20 per instance. So they are
 * kept where every instance sees them: in Redis when `REDIS_URL` is set, else in
 * PostgreSQL when that is the database; SQLite serves one instance and counts in memory.
 * rate-limiter-flexible does the counting (one atomic upsert or Lua call per request).
 *
 * A shared store that fails must not fail a prospect's submission: that request is
 * counted in this process instead, and the trouble reported once until it is over.
 */
export async function openLimitCounters(db: Db, options: CounterOptions = {}): Promise<LimitCounters> {
  const postgresUrl = postgresUrlOf(db);
  if (options.redisUrl) return redisCounters(options.redisUrl, options);
  if (postgresUrl) return postgresCounters(postgresUrl, options);
  return memoryLimitCounters();
}

/** Counters keyed by rule, each made once. */
function byRule(make: (rule: CounterRule) => Counter): (rule: CounterRule) => Counter {
  const made = new Map<string, Counter>();
  return (rule) => {
    const key = `${rule.name}:${rule.points}:${rule.seconds}`;
    let counter = made.get(key);
    if (!counter) {
      counter = make(rule);
      made.set(key, counter);
    }
    return counter;
  };
}

/** Counters in this process: one instance on SQLite, and tests. */
export function memoryLimitCounters(): LimitCounters {
  return {
    where: 'memory',
    counter: byRule((rule) => new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.seconds })),
    close: async () => undefined,
  };
}

/**
 * A shared counter that falls back to one in this process when the store fails. A
 * rejection (`RateLimiterRes`, the limit reached) is an answer, not a failure.
 */
function withFallback(shared: RateLimiterAbstract, rule: CounterRule, report: (error: unknown) => void, recovered: () => void): Counter {
  const local = new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.seconds });
  return {
    async consume(key) {
      let result: RateLimiterRes;
      try {
        result = await shared.consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          recovered();
          throw error;
        }
        report(error);
        return local.consume(key);
      }
      recovered();
      return result;
    },
  };
}

/** Reports a store's trouble once when it starts and once when it ends. */
function troubleReporter(where: 'postgres' | 'redis', options: CounterOptions) {
  let troubled = false;
  return {
    report(error: unknown) {
      if (troubled) return;
      troubled = true;
      options.onTrouble?.({ reachable: false, where, error: error instanceof Error ? error.message : String(error) });
    },
    recovered() {
      if (!troubled) return;
      troubled = false;
      options.onTrouble?.({ reachable: true, where });
    },
  };
}

function postgresCounters(connectionString: string, options: CounterOptions): LimitCounters {
  // A small pool of its own: a counter's query never waits behind a booking's transaction.
  const pool = new pg.Pool({ connectionString, max: 3, connectionTimeoutMillis: 2000 });
  const trouble = troubleReporter('postgres', options);
  // An idle connection the server dropped; the next query opens another.
  pool.on('error', (error) => trouble.report(error));
  const sweep = setInterval(() => {
    pool.query(`delete from ${TABLE} where expire < $1`, [Date.now() - SWEEP_AFTER_MS]).catch((error: unknown) => trouble.report(error));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  return {
    where: 'postgres',
    counter: byRule((rule) => withFallback(new RateLimiterPostgres({
      storeClient: pool, storeType: 'pool', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false,
      keyPrefix: rule.name, points: rule.points, duration: rule.seconds,
    }), rule, trouble.report, trouble.recovered)),
    close: async () => {
      clearInterval(sweep);
      await pool.end();
    },
  };
}

async function redisCounters(url: string, options: CounterOptions): Promise<LimitCounters> {
  // No offline queue: while Redis is away a count fails at once and is made in process,
  // rather than the prospect's request waiting for a reconnect.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  const trouble = troubleReporter('redis', options);
  client.on('error', (error: Error) => trouble.report(error));
  client.on('ready', () => trouble.recovered());
  // Up to the first answer: ready, or refused (counting starts in process, and moves to
  // Redis once it answers).
  await new Promise<void>((done) => {
    const settle = () => {
      clearTimeout(timer);
      client.off('ready', settle).off('error', settle);
      done();
    };
    const timer = setTimeout(settle, REDIS_READY_WAIT_MS);
    client.once('ready', settle).once('error', settle);
  });
  return {
    where: 'redis',
    counter: byRule((rule) => withFallback(new RateLimiterRedis({
      storeClient: client, rejectIfRedisNotReady: true,
      keyPrefix: `usher:limit:${rule.name}`, points: rule.points, duration: rule.seconds,
    }), rule, trouble.report, trouble.recovered)),
    close: async () => {
      client.disconnect();
    },
  };
}
