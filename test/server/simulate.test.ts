import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLeadsCsv, simulate } from '../../server/simulate.ts';
import { configFrom, ROOT } from '../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../fixtures/test-config.ts';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'simulate', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('usher simulate', () => {
  it('prints the distribution table for the sample leads without touching any database', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-sim-'));
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'simulate', 'test/fixtures/leads.csv'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, USHER_DATA_DIR: dataDir },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^Simulated 14 lead\(s\) from test\/fixtures\/leads\.csv on form "demo"$/m);
    expect(out).toMatch(/routed: 11 · disqualified: 2 · no candidate: 0 · rejected rows: 1/);
    expect(out).toMatch(/^Team smb \(balanced, 4 lead\(s\)\)$/m);
    expect(out).toMatch(/^ {2}rep +leads +share +target +deviation$/m);
    expect(out).toMatch(/^ {2}personal_email +1$/m);
    expect(out).toMatch(/^ {2}too_small +1$/m);
    expect(out).toMatch(/^Rejected line 13: answers\.email: enter a valid email address$/m);
    expect(out).toMatch(/^Fairness spread: [\d.]+ pp/m);
    expect(spawnSync('ls', [dataDir], { encoding: 'utf8' }).stdout).toBe('');
  });

  it.each([
    ['an unknown column', 'email,name,company_size,colour\n', /unknown column\(s\) colour;/],
    ['a missing required column', 'email,name\n', /missing column\(s\) for required question\(s\): company_size/],
    ['an unparseable date', 'email,name,company_size,country,submitted_at\na@b.io,A,11-50,DE,last tuesday\n', /line 2: submitted_at "last tuesday" is not a date/],
    ['a ragged row', 'email,name,company_size,country\na@b.io,A\n', /not valid CSV/],
  ])('fails with a clear message on %s', (_name, csv, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-sim-'));
    writeFileSync(join(dir, 'leads.csv'), csv);
    const result = run(join(dir, 'leads.csv'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('fails clearly on a missing file', () => {
    const result = run('/nonexistent/leads.csv');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot read \/nonexistent\/leads\.csv/);
  });

  it('balances a weighted team like the live server would', async () => {
    const yaml = TEST_CONFIG_YAML
      .replace('rr: { members: [ny, ldn, kol], strategy: round_robin, mode: assigned }', 'rr: { members: [ny, ldn, kol], strategy: balanced, mode: assigned }')
      .replace('name: Nora York, email: nora@test.co,', 'name: Nora York, email: nora@test.co, weight: 2,');
    const config = configFrom(yaml);
    const csv = ['email,name,size', ...Array.from({ length: 40 }, (_, i) => `p${i}@acme.io,P ${i},11-50`)].join('\n');
    const rows = readLeadsCsv(csv, config, 'demo', Date.parse('2026-11-23T06:00:00Z'));
    if (typeof rows === 'string') throw new Error(rows);
    const report = await simulate(config, 'demo', rows);
    const rr = report.distribution.teams.find((team) => team.teamId === 'rr')!;
    expect(rr.reps.map((r) => [r.repId, r.leads])).toEqual([['ny', 20], ['ldn', 10], ['kol', 10]]);
    expect(report.distribution.spread).toBe(0);
  });
});
