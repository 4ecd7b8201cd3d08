import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../server/config/load.ts';
import { localizedYaml } from '../../fixtures/localized-config.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';
import { ROOT } from '../../helpers/app.ts';
import { testConfigWith } from '../booking/fixtures.ts';

const withLabel = (label: unknown) => testConfigWith((config) => {
  (config.forms.demo!.questions as Record<string, unknown>[])[0]!.label = label;
});

const problemsOf = (yaml: string) => {
  const result = parseConfig(yaml);
  return result.ok ? [] : result.problems;
};

function runCheck(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'usher-check-'));
  writeFileSync(join(dir, 'usher.config.yaml'), yaml);
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'check', '--config', join(dir, 'usher.config.yaml')], { encoding: 'utf8', cwd: ROOT });
}

/** The localized fixture with a French form title, which no other text has. */
const WITH_FRENCH_TITLE = localizedYaml().replace('de: Demo buchen', 'de: Demo buchen\n      fr: Réserver une démo');

describe('texts by locale in the config', () => {
  it('takes a plain string or a map by locale, and keeps tags canonical', () => {
    const result = parseConfig(withLabel({ en: 'Work email', 'de-at': 'Geschäftliche E-Mail' }));
    expect(result.ok && result.config.forms.demo!.questions[0]!.label).toEqual({ en: 'Work email', 'de-AT': 'Geschäftliche E-Mail' });
    expect(parseConfig(localizedYaml()).ok).toBe(true);
  });

  it('refuses an empty map, a key that is not a BCP 47 tag and a tag given twice, each by its path', () => {
    expect(problemsOf(withLabel({}))).toEqual(['forms.demo.questions[0].label: give the text in at least one locale']);
    expect(problemsOf(withLabel({ en: 'Work email', en_GB: 'Work email' })))
      .toEqual(['forms.demo.questions[0].label.en_GB: "en_GB" is not a BCP 47 language tag']);
    expect(problemsOf(withLabel({ de: 'a', DE: 'b' }))).toEqual(['forms.demo.questions[0].label.DE: locale "de" is given twice']);
    expect(problemsOf(withLabel({ en: '' }))).toEqual(['forms.demo.questions[0].label.en: expected a non-empty text']);
    expect(problemsOf(withLabel(42))).toEqual(['forms.demo.questions[0].label: expected a non-empty text, or a map of texts by locale']);
  });

  it('refuses a __proto__ key in a text map instead of dropping it', () => {
    const yaml = TEST_CONFIG_YAML.replace('label: Work email', 'label: { __proto__: x, en: Work email }');
    expect(problemsOf(yaml)).toEqual(['forms.demo.questions[0].label.__proto__: "__proto__" is not a BCP 47 language tag']);
    const json = JSON.stringify(parse(TEST_CONFIG_YAML))
      .replace('"label":"Work email"', '"label":{"__proto__":"x","en":"Work email"}');
    expect(parseConfig(json, 'json')).toMatchObject({ ok: false, problems: ['forms.demo.questions[0].label.__proto__: "__proto__" is not a BCP 47 language tag'] });
  });

  it('refuses an organization locale that is not a tag', () => {
    expect(problemsOf(TEST_CONFIG_YAML.replace('name: Test Co', 'name: Test Co\n  locale: deutsch!'))).toEqual(['organization.locale: "deutsch!" is not a BCP 47 language tag']);
  });
});

describe('not-a-fit pages per reason', () => {
  it('refuses a reasons key that no qualify rule of the form gives', () => {
    const yaml = testConfigWith((config) => {
      config.forms.demo!.disqualified = { reasons: { personal_email: { title: 'Use your work email' }, too_big: { title: 'Wow' } } };
    });
    expect(problemsOf(yaml)).toEqual([
      'forms.demo.disqualified.reasons.too_big: no qualify rule of this form gives the reason "too_big" (reasons: too_small, personal_email)',
    ]);
  });
});

describe('usher check warnings', () => {
  it('warns about a text missing in a locale that another text has, naming what those readers see', () => {
    const result = parseConfig(WITH_FRENCH_TITLE);
    expect(result.ok).toBe(true);
    const warnings = result.ok ? result.warnings : [];
    expect(warnings).toContain('forms.demo.questions[0].label: no "fr" text, though other texts have one; "fr" readers see the "en" text');
    expect(warnings).toContain('meetingTypes.demo.title: no "fr" text, though other texts have one; "fr" readers see the "en" text');
    // Plain strings stand for every locale; German is everywhere.
    expect(warnings.join('\n')).not.toMatch(/questions\[3\]|"de"/);
    expect(parseConfig(localizedYaml()).ok && parseConfig(localizedYaml())).toMatchObject({ warnings: [] });
  });

  it('prints each warning to stderr and still exits 0', () => {
    const result = runCheck(WITH_FRENCH_TITLE);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/: ok \(3 reps, 2 teams, 1 forms, \d+ warnings\)\n$/);
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^warning: \S+: no "fr" text, though other texts have one; "fr" readers see the "en" text$/);
    expect(lines).toContain('warning: forms.demo.disqualified.links[0].label: no "fr" text, though other texts have one; "fr" readers see the "en" text');
  });

  it('prints nothing to stderr for a config whose texts are all there', () => {
    const result = runCheck(localizedYaml());
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
