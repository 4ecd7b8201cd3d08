import { describe, expect, it } from 'vitest';
import { loadSecret } from '../../../server/config/secret.ts';
import { migrate } from '../../../server/store/db.ts';
import { createStore } from '../../../server/store/store.ts';
import { openTestDb, suiteDbKind } from '../../helpers/db.ts';

describe('server secret', () => {
  it('is generated once and shared by every instance on the same database', async () => {
    const { db, close } = await openTestDb(suiteDbKind());
    try {
      await migrate(db);
      const [a, b] = await Promise.all([loadSecret(createStore(db).settings, undefined), loadSecret(createStore(db).settings, undefined)]);
      expect(a).toMatch(/^[\w-]{43}$/);
      expect(b).toBe(a);
      expect(await loadSecret(createStore(db).settings, undefined)).toBe(a);
    } finally {
      await close();
    }
  });

  it('comes from USHER_SECRET when that is set', async () => {
    const { db, close } = await openTestDb(suiteDbKind());
    try {
      await migrate(db);
      expect(await loadSecret(createStore(db).settings, 'x'.repeat(40))).toBe('x'.repeat(40));
    } finally {
      await close();
    }
  });
});
