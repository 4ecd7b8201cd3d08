import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../server/lead/conditions.ts';
import { enrich } from '../../../server/lead/enrich.ts';
import { qualify } from '../../../server/lead/qualify.ts';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { conditionSchema } from '../../../shared/conditions.ts';
import { configFrom, validAnswers } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const catalog = buildCatalog(configFrom(TEST_CONFIG_YAML));
const form = catalog.config.forms.demo!;
const factsFor = (answers: Record<string, string>) =>
  enrich(form, { answers, timezone: 'Europe/Berlin' }, catalog.enrichment);
const condition = (raw: unknown) => conditionSchema.parse(raw);

describe('qualify', () => {
  it('lets a mid-size company with a work email through', () => {
    expect(qualify(form, factsFor(validAnswers()))).toEqual({ qualified: true });
  });

  it('disqualifies by the first matching rule, in order', () => {
    // Both rules match; the first one names the reason.
    const result = qualify(form, factsFor(validAnswers({ size: '1-10', email: 'jo@gmail.com' })));
    expect(result).toEqual({ qualified: false, reason: 'too_small', ruleIndex: 0 });
  });

  it('treats a personal mail provider as free mail whatever its case', () => {
    const result = qualify(form, factsFor(validAnswers({ email: 'Jo@GMAIL.com' })));
    expect(result).toEqual({ qualified: false, reason: 'personal_email', ruleIndex: 1 });
  });
});

describe('conditions', () => {
  const facts = { size: '201-1000', country: 'DE', 'email.free': false, industry: null };

  it('compares bare values case-insensitively', () => {
    expect(evaluate(condition({ country: 'de' }), facts)).toBe(true);
    expect(evaluate(condition({ country: 'fr' }), facts)).toBe(false);
  });

  it('matches `in` against any listed value', () => {
    expect(evaluate(condition({ size: { in: ['1000+', '201-1000'] } }), facts)).toBe(true);
    expect(evaluate(condition({ size: { in: ['1-10'] } }), facts)).toBe(false);
  });

  it('needs every key of one condition object to hold', () => {
    expect(evaluate(condition({ country: 'DE', size: '1000+' }), facts)).toBe(false);
    expect(evaluate(condition({ country: 'DE', 'email.free': false }), facts)).toBe(true);
  });

  it('treats an empty answer as missing for `exists`', () => {
    expect(evaluate(condition({ industry: { exists: false } }), facts)).toBe(true);
    expect(evaluate(condition({ country: { exists: true } }), facts)).toBe(true);
  });

  it('rejects an unknown operator with its path', () => {
    const parsed = conditionSchema.safeParse({ size: { inn: ['1-10'] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['size', 'inn']);
    expect(parsed.error?.issues[0]?.message).toMatch(/unknown operator "inn"/);
  });
});
