import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config/load.ts';
import { ROOT } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const BROKEN = `
organization: { name: X, publicUrl: "http://localhost:8787" }
meetingTypes:
  demo: { title: Demo, durationMinutes: 30 }
reps:
  - { id: ana, name: Ana, email: ana@x.test, timezone: Mars/Olympus, workingHours: { mon-fri: ["09:00-12:00"] } }
  - { id: bo, name: Bo, email: bo@x.test, timezone: Europe/Oslo, workingHours: { mon-fri: ["09:00-25:00"] } }
teams:
  smb: { members: [ana, bo] }
forms:
  demo:
    title: Demo
    meetingType: demo
    questions: [{ id: email, type: email, required: true }]
    routes:
      - to: { team: emea }
`;

function runCli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), ...args], { encoding: 'utf8', cwd: ROOT });
}

describe('config check', () => {
  it('lists one path: message line for each problem', () => {
    const result = parseConfig(BROKEN);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'reps[0].timezone: unknown time zone "Mars/Olympus"',
      'reps[1].workingHours.mon-fri[0]: bad time range "09:00-25:00" (expected "HH:MM-HH:MM")',
      'forms.demo.routes[0].to.team: unknown team "emea"',
    ]);
  });

  it('checks the SLA: a known team to reassign to, a reminder before the deadline, a start date per rep', () => {
    const sla = (body: string) => parseConfig(TEST_CONFIG_YAML.replace('forms:\n', `sla:\n${body}forms:\n`));
    expect(sla('  acceptWithinMinutes: 120\n  reassignTo: team:emea\n')).toMatchObject({ ok: false, problems: ['sla.reassignTo: unknown team "emea"'] });
    expect(sla('  acceptWithinMinutes: 60\n  remindBeforeMinutes: 60\n  reassignTo: next\n'))
      .toMatchObject({ ok: false, problems: ['sla.remindBeforeMinutes: `remindBeforeMinutes` must be less than `acceptWithinMinutes`'] });
    expect(sla('  acceptWithinMinutes: 120\n  reassignTo: team:pool\n')).toMatchObject({ ok: false, problems: ['sla.reassignTo: team "pool" pools its leads; name a team with mode: assigned'] });
    expect(sla('  acceptWithinMinutes: 60\n  reassignTo: somebody\n')).toMatchObject({ ok: false, problems: ['sla.reassignTo: expected next, newest or team:<id>'] });
    const ok = sla('  acceptWithinMinutes: 120\n  reassignTo: team:rr\n  untouchedDays: 14\n');
    expect(ok.ok && ok.config.sla).toEqual({ acceptWithinMinutes: 120, reassignTo: 'team:rr', maxReassignments: 2, untouchedDays: 14 });
    const started = parseConfig(TEST_CONFIG_YAML.replace('email: nora@test.co,', 'email: nora@test.co, startedOn: 2026-02-30,'));
    expect(started.ok).toBe(false);
  });

  it('rejects unknown keys instead of ignoring them', () => {
    const result = parseConfig(TEST_CONFIG_YAML.replace('title: Test demo', 'title: Test demo\n    durationMinute: 45'));
    expect(!result.ok && result.problems).toEqual(['meetingTypes.demo: Unrecognized key: "durationMinute"']);
  });

  it('takes organization.mail.from as a name and address on one line, and refuses anything else', () => {
    const withFrom = (from: string) => parseConfig(TEST_CONFIG_YAML.replace('  publicUrl: http://usher.test\n', `  publicUrl: http://usher.test\n  mail: { from: ${JSON.stringify(from)} }\n`));
    for (const good of ['Test Co <meetings@test.co>', '"Test Co, Inc." <meetings@test.co>', 'meetings@test.co']) expect(withFrom(good).ok, good).toBe(true);
    for (const bad of ['Test Co', 'Test Co <meetings>', 'A, B <meetings@test.co>', 'Test Co <meetings@test.co>\nBcc: x@evil.test', 'a@b.co, c@d.co',
      'a,b@c.test', 'a;b@c.test', 'x@y.test,z.test', 'Acme: Sales <a@b.test>']) {
      const result = withFrom(bad);
      expect(!result.ok && result.problems, bad).toEqual([
        'organization.mail.from: expected an address like "Northwind <meetings@northwind.test>" or meetings@northwind.test',
      ]);
    }
  });

  it('reports an unknown field in a condition with its path', () => {
    const result = parseConfig(TEST_CONFIG_YAML.replace('when: { size: "1000+" }', 'when: { sise: "1000+" }'));
    expect(!result.ok && result.problems).toEqual([
      'forms.demo.routes[1].when.sise: unknown field "sise" (not a question of this form nor a derived field)',
    ]);
  });

  it('usher check exits 1 and prints the problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-check-'));
    writeFileSync(join(dir, 'broken.yaml'), BROKEN);
    const result = runCli('check', '--config', join(dir, 'broken.yaml'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('forms.demo.routes[0].to.team: unknown team "emea"');
    expect(result.stderr.trim().split('\n')).toHaveLength(4);
  });

  it('usher check path checks that file, and other commands refuse a stray file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-check-'));
    writeFileSync(join(dir, 'broken.yaml'), BROKEN);
    const result = runCli('check', join(dir, 'broken.yaml'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('forms.demo.routes[0].to.team: unknown team "emea"');
    const stray = runCli('migrate', join(dir, 'broken.yaml'));
    expect(stray.status).toBe(1);
    expect(stray.stderr).toContain('migrate takes no file (the config is --config path)');
  });

  it('usher check accepts the demo config', () => {
    const result = runCli('check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ok \(7 reps, 3 teams, 1 forms\)/);
  });
});
