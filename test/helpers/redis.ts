import { Redis } from 'ioredis';

/** The Redis server the shared-limit tests count in; each test keeps to keys of its own. */
export const REDIS_URL = process.env.USHER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers; in CI a missing server fails the tests instead of skipping them. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    const reason = `no Redis at ${REDIS_URL} (${error instanceof Error ? error.message : String(error)}); set USHER_TEST_REDIS_URL`;
    if (process.env.CI) throw new Error(`shared-limit tests need Redis: ${reason}`);
    console.warn(`skipping Redis tests: ${reason}`);
    return false;
  } finally {
    client.disconnect();
  }
}

/** The keys under `pattern` (`usher:limit:*`), for a test to check what was stored. */
export async function redisKeys(pattern: string): Promise<string[]> {
  const client = new Redis(REDIS_URL);
  try {
    return await client.keys(pattern);
  } finally {
    client.disconnect();
  }
}
