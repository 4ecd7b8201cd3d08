import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../../server/config/load.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

function configWithAccounts(csv: string) {
  const dir = mkdtempSync(join(tmpdir(), 'usher-accounts-'));
  writeFileSync(join(dir, 'accounts.csv'), csv);
  writeFileSync(join(dir, 'usher.config.yaml'), `${TEST_CONFIG_YAML}\naccountsFile: ./accounts.csv\n`);
  return loadConfigFile(join(dir, 'usher.config.yaml'));
}

describe('accountsFile', () => {
  it('adds the accounts from a CSV beside the config to the inline ones', () => {
    const result = configWithAccounts('name,domains,owner\nInitech,initech.com;initech.co.uk,ny\n"Umbrella, Inc.",UMBRELLA.com,kol\n');
    expect(result.ok && result.config.accounts).toEqual([
      { name: 'Globex', domains: ['globex.com'], owner: 'ldn' },
      { name: 'Initech', domains: ['initech.com', 'initech.co.uk'], owner: 'ny' },
      { name: 'Umbrella, Inc.', domains: ['umbrella.com'], owner: 'kol' },
    ]);
  });

  it('reports every bad row with its line number', () => {
    const result = configWithAccounts('name,domains,owner\nInitech,initech.com,nobody\n,bad_domain!,ny\n');
    expect(!result.ok && result.problems).toEqual([
      expect.stringMatching(/accounts\.csv\) line 2\.owner: unknown rep "nobody"$/),
      expect.stringMatching(/accounts\.csv\) line 3\.name: /),
      expect.stringMatching(/accounts\.csv\) line 3\.domains\.0: expected a domain like globex\.com$/),
    ]);
  });

  it('names the missing columns', () => {
    const result = configWithAccounts('company,owner\nInitech,ny\n');
    expect(!result.ok && result.problems[0]).toMatch(/missing column\(s\) name, domains \(expected name,domains,owner\)$/);
  });
});

describe('conditions in the config', () => {
  it('refuses an unsafe regular expression with its path', () => {
    const result = parseConfig(TEST_CONFIG_YAML.replace('when: { size: "1000+" }', 'when: { email: { matches: "(.*a){12}" } }'));
    expect(!result.ok && result.problems).toEqual([
      'forms.demo.routes[1].when.email.matches: unsafe regular expression "(.*a){12}" (nested repetition can take exponential time)',
    ]);
  });
});
