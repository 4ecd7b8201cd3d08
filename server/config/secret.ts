import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';

/**
 * The server secret (`USHER_SECRET`) signs form tokens and keys the IP hashes in logs.
 * When unset, one is generated on first start and kept in the database, so every
 * instance behind a load balancer signs alike and restarts keep what was signed valid.
 * Two instances starting at once both try to insert; the first wins and both read it.
 */
export async function loadSecret(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  await db.insertInto('settings').values({ key: 'secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return row.value;
}
