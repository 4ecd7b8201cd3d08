import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { testConfigWith } from '../server/booking/fixtures.ts';

const withTitle = (title: string) => testConfigWith((config) => {
  config.forms.demo!.title = title;
});

describe('SIGHUP', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.stop())); });

  it('puts a changed config in place, and keeps the running one (logging every problem) when the new one is broken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-reload-'));
    const configFile = join(dataDir, 'usher.config.yaml');
    writeFileSync(configFile, withTitle('Book a demo'));
    const server = await startServer({ config: configFile, env: { USHER_DATA_DIR: dataDir, DATABASE_URL: '' } });
    servers.push(server);
    const title = async () => ((await (await fetch(`${server.url}/api/forms/demo`)).json()) as { title: string }).title;
    expect(await title()).toBe('Book a demo');

    writeFileSync(configFile, withTitle('Talk to sales'));
    server.process.kill('SIGHUP');
    await expect.poll(title, { timeout: 10_000, interval: 100 }).toBe('Talk to sales');
    await expect.poll(() => server.output(), { timeout: 10_000, interval: 100 }).toContain('"msg":"config reloaded"');

    // A text missing in a language is put in place, and said.
    writeFileSync(configFile, testConfigWith((config) => {
      config.forms.demo!.title = { en: 'Talk to sales', fr: 'Parler aux ventes' } as never;
      (config.forms.demo!.questions as { label?: unknown }[])[0]!.label = { en: 'Work email', de: 'Geschäftliche E-Mail' };
    }));
    server.process.kill('SIGHUP');
    await expect.poll(() => server.output(), { timeout: 10_000, interval: 100 }).toContain('"msg":"config warnings"');
    expect(server.output()).toContain('no \\"fr\\" text');
    expect(await title()).toBe('Talk to sales');

    writeFileSync(configFile, withTitle('Broken').replace('timezone: America/New_York', 'timezone: Mars/Olympus'));
    server.process.kill('SIGHUP');
    await expect.poll(() => server.output(), { timeout: 10_000, interval: 100 }).toContain('config reload refused');
    expect(server.output()).toContain('reps[0].timezone: unknown time zone \\"Mars/Olympus\\"');
    expect(server.process.exitCode).toBeNull();
    expect(await title()).toBe('Talk to sales');
  }, 60_000);
});
