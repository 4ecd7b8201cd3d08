import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../server/store/db.ts';
import { ROOT } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

/** `usher import` against a SQLite file of its own, as an operator would run it. */
function runImport(csv: string, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'usher-import-'));
  writeFileSync(join(dir, 'usher.config.yaml'), TEST_CONFIG_YAML);
  writeFileSync(join(dir, 'leads.csv'), csv);
  const env: NodeJS.ProcessEnv = { ...process.env, USHER_DATA_DIR: join(dir, 'data'), USHER_SECRET: 'import-secret-0123456789-0123456789' };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'import', join(dir, 'leads.csv'), '--config', join(dir, 'usher.config.yaml'), ...args], {
    cwd: ROOT, encoding: 'utf8', env,
  });
  return { ...result, dataDir: join(dir, 'data') };
}

const CSV = [
  'email,name,size,country,timezone',
  'ana@acme.io,Ana,11-50,DE,Europe/Berlin',
  'bo@acme.io,Bo,huge,FR,Europe/Paris',
  'cy@acme.io,Cy,1-10,US,America/Chicago',
  'dee@initech.io,Dee,11-50,,Asia/Kolkata',
  'eve@acme.io,Eve,11-50,ZZ,UTC',
].join('\n');

describe('usher import leads.csv', () => {
  it('routes each row as a lead now, skips and reports the rows it refuses, and writes nothing for them', async () => {
    const result = runImport(CSV, '--form', 'demo');
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain('Imported 3 of 5 row(s)');
    expect(result.stdout).toContain('to book: 2 · no availability: 0 · disqualified: 1 · already booked: 0 · skipped: 2');
    expect(result.stdout).toContain('line 3: answers.size: choose one of the options (got "huge")');
    expect(result.stdout).toContain('line 6: answers.country: choose a country (got "ZZ")');
    expect(result.stderr).toContain('importing [');
    expect(result.stderr).toContain('5/5 rows');

    const db = openDb({ dataDir: result.dataDir });
    try {
      const leads = await db.selectFrom('leads').select(['answers', 'rep_id', 'outcome', 'trace', 'token_expires_at']).orderBy('created_at').execute();
      expect(leads.map((l) => JSON.parse(l.answers).email).sort()).toEqual(['ana@acme.io', 'cy@acme.io', 'dee@initech.io']);
      expect(leads.filter((l) => l.outcome === 'schedule').map((l) => l.rep_id).sort()).toEqual(['ldn', 'ny']);
      expect(JSON.parse(leads[0]!.trace).source).toEqual({ apiKey: 'import', name: 'leads.csv' });
      expect((await db.selectFrom('assignments').selectAll().execute())).toHaveLength(2);
    } finally {
      await db.destroy();
    }
  });

  it('prints each lead with its booking link as JSON', () => {
    const result = runImport(CSV.split('\n').slice(0, 2).join('\n'), '--json');
    expect(result.status, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows).toEqual([{ line: 2, ok: true, outcome: 'schedule', leadId: expect.any(String), rep: { id: 'ny', name: 'Nora York' }, bookingUrl: expect.stringMatching(/^http:\/\/usher\.test\/b\/[\w-]{43}$/) }]);
  });

  it('refuses a file it cannot use before writing anything', () => {
    const past = runImport('email,name,size,submitted_at\nana@acme.io,Ana,11-50,2026-11-01T10:00:00Z');
    expect(past.status).toBe(1);
    expect(past.stderr).toContain('the submitted_at column is for usher simulate');
    expect(existsSync(past.dataDir)).toBe(false);
    const columns = runImport('mail,name\nana@acme.io,Ana');
    expect(columns.status).toBe(1);
    expect(columns.stderr).toContain('unknown column(s) mail');
    expect(runImport(CSV, '--form', 'nope').stderr).toContain('no form "nope"');
  });
});
