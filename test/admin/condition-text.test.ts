import { describe, expect, it } from 'vitest';
import { en } from '../../admin/messages/en.ts';
import { conditionText } from '../../admin/lib/condition-text.ts';
import { translator } from '../../admin/lib/i18n-core.ts';
import { conditionWords } from '../../admin/lib/trace-steps.ts';

const words = conditionWords(translator(en, en));
const text = (condition: unknown) => conditionText(condition, words);

describe('conditions as text', () => {
  it('reads a bare value as equality and joins several keys with "and"', () => {
    expect(text({ company_size: '1-10' })).toBe('company_size = 1-10');
    expect(text({ 'email.free': true, country: 'DE' })).toBe('email.free = true and country = DE');
  });

  it('writes every operator', () => {
    expect(text({ size: { in: ['201-1000', '1000+'] } })).toBe('size in 201-1000, 1000+');
    expect(text({ size: { notIn: ['1-10'] } })).toBe('size not in 1-10');
    expect(text({ n: { gt: 5, lte: 10 } })).toBe('n > 5 and n ≤ 10');
    expect(text({ n: { gte: 1 } })).toBe('n ≥ 1');
    expect(text({ n: { lt: 3 } })).toBe('n < 3');
    expect(text({ c: { ne: 'US' } })).toBe('c ≠ US');
    expect(text({ c: { eq: null } })).toBe('c = null');
    expect(text({ e: { contains: 'corp', startsWith: 'a', endsWith: '.de' } })).toBe('e contains corp and e starts with a and e ends with .de');
    expect(text({ e: { matches: '^a.*' } })).toBe('e matches /^a.*/');
    expect(text({ phone: { exists: true } })).toBe('phone is given');
    expect(text({ phone: { exists: false } })).toBe('phone is not given');
  });

  it('groups any / all / not with parentheses where they nest', () => {
    expect(text({ any: [{ region: 'APAC' }, { country: 'AU' }] })).toBe('region = APAC or country = AU');
    expect(text({ size: '1000+', any: [{ region: 'APAC' }, { country: { in: ['AU', 'NZ'] } }] }))
      .toBe('size = 1000+ and (region = APAC or country in AU, NZ)');
    expect(text({ not: { 'email.free': true } })).toBe('not (email.free = true)');
    expect(text({ all: [{ a: 1 }, { any: [{ b: 2 }, { c: 3 }] }] })).toBe('a = 1 and (b = 2 or c = 3)');
  });

  it('reads the server\'s parsed trees the same as what was written', () => {
    const test = (field: string, op: string, value: unknown) => ({ kind: 'test', field, op, value, path: [] });
    expect(text({ kind: 'all', items: [test('size', 'eq', '1000+'), { kind: 'any', items: [test('region', 'eq', 'APAC'), test('country', 'in', ['AU', 'NZ'])] }] }))
      .toBe('size = 1000+ and (region = APAC or country in AU, NZ)');
    expect(text({ kind: 'not', item: test('email.free', 'eq', true) })).toBe('not (email.free = true)');
    expect(text(test('e', 'matches', '^a'))).toBe('e matches /^a/');
  });

  it('says "always" for a route without a condition, and treats a field called kind as a field', () => {
    expect(text(undefined)).toBe('always');
    expect(text({ kind: 'partner' })).toBe('kind = partner');
  });
});
