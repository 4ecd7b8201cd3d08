import type { Db } from './db.ts';

/**
 * A server-wide value every instance must share: the stored one, or `value` stored now.
 * Two instances starting at once both try to insert; the first wins and both read it.
 */
export async function ensureSetting(db: Db, key: string, value: () => string): Promise<string> {
  await db.insertInto('settings').values({ key, value: value() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
