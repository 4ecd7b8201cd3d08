import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.ts';

/**
 * The layer rules are lint rules (eslint.config.js). These lint made-up files at real
 * paths, so a rule that stopped matching would fail here, not silently let imports in.
 */
const eslint = new ESLint({ cwd: ROOT });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  return result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('layer boundaries', () => {
  it('refuses a store import in the pure routing domain', async () => {
    const found = await problems('server/routing/fixture.ts', "import { createStore } from '../store/store.ts';\nexport const s = createStore;\n");
    expect(found.join('\n')).toMatch(/pure domain imports no store/);
  });

  it('refuses http, delivery and Kysely in lead and availability, and a clock read', async () => {
    expect(await problems('server/lead/fixture.ts', "import { ApiError } from '../http/errors.ts';\nexport const e = ApiError;\n")).toHaveLength(1);
    expect(await problems('server/availability/fixture.ts', "import { sendMail } from '../delivery/mail.ts';\nexport const m = sendMail;\n")).toHaveLength(1);
    expect(await problems('server/availability/fixture.ts', "import { sql } from 'kysely';\nexport const q = sql;\n")).toHaveLength(1);
    expect(await problems('server/routing/fixture.ts', 'export const now = () => Date.now();\n')).toEqual([
      expect.stringMatching(/the pure domain reads no clock: take `now` as a parameter$/),
    ]);
    expect(await problems('server/routing/fixture.ts', 'export const url = process.env.DATABASE_URL;\n')).toHaveLength(1);
  });

  it('refuses the store in routes and views, and Kysely anywhere but the store', async () => {
    expect(await problems('server/routes/fixture.ts', "import { bookedTimes } from '../store/bookings.ts';\nexport const b = bookedTimes;\n"))
      .toEqual([expect.stringMatching(/routes and views call flows \(server\/flows\/\), never the store$/)]);
    expect(await problems('server/views/fixture.ts', "import type { Store } from '../store/store.ts';\nexport type S = Store;\n")).toHaveLength(1);
    expect(await problems('server/delivery/fixture.ts', "import { sql } from 'kysely';\nexport const q = sql;\n")).toHaveLength(1);
    expect(await problems('server/store/fixture.ts', "import { sql } from 'kysely';\nexport const q = sql;\n")).toEqual([]);
  });

  it('lets flows use the store but not routes or views, and keeps shared/ free of server code', async () => {
    expect(await problems('server/flows/fixture.ts', "import type { Store } from '../store/store.ts';\nexport type S = Store;\n")).toEqual([]);
    expect(await problems('server/flows/fixture.ts', "import { page } from '../views/layout.ts';\nexport const p = page;\n")).toHaveLength(1);
    expect(await problems('shared/fixture.ts', "import { DateTime } from 'luxon';\nexport const d = DateTime;\n")).toHaveLength(1);
  });

  it('finds nothing to refuse in the code as it is', async () => {
    const results = await eslint.lintFiles(['server/**/*.ts', 'shared/**/*.ts', 'widget/**/*.ts']);
    const restricted = results.flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => `${r.filePath}: ${m.message}`));
    expect(restricted).toEqual([]);
  });
});
