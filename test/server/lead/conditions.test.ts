import { describe, expect, it } from 'vitest';
import { conditionSchema } from '../../../shared/conditions.ts';
import { evaluate } from '../../../server/lead/conditions.ts';
import type { LeadFacts } from '../../../server/lead/fields.ts';

const facts: LeadFacts = {
  size: '201-1000', employees: '250', country: 'DE', industry: null, name: 'Zoë Müller',
  email: 'Zoe@Example.COM', 'email.free': false, 'email.domain': 'example.com', note: '',
};
const holds = (raw: unknown) => evaluate(conditionSchema.parse(raw), facts);

describe('condition operators', () => {
  it.each([
    ['bare value, other case', { country: 'de' }, true],
    ['bare value, unicode composed vs decomposed', { name: 'zoe\u0308 mu\u0308ller' }, true],
    ['bare boolean', { 'email.free': false }, true],
    ['bare value against a missing answer', { industry: 'Retail' }, false],
    ['eq', { size: { eq: '201-1000' } }, true],
    ['eq null matches a missing answer', { industry: { eq: null } }, true],
    ['ne', { country: { ne: 'FR' } }, true],
    ['ne on the same value', { country: { ne: 'de' } }, false],
    ['in', { country: { in: ['FR', 'de'] } }, true],
    ['in without the value', { country: { in: ['FR', 'ES'] } }, false],
    ['notIn', { country: { notIn: ['FR', 'ES'] } }, true],
    ['notIn with the value', { country: { notIn: ['DE'] } }, false],
    ['gt on numbers held as text', { employees: { gt: 200 } }, true],
    ['gt is strict', { employees: { gt: 250 } }, false],
    ['gte', { employees: { gte: 250 } }, true],
    ['lt', { employees: { lt: 1000 } }, true],
    ['lte', { employees: { lte: 249 } }, false],
    ['gt on a missing answer never holds', { industry: { gt: 0 } }, false],
    ['contains, any case', { email: { contains: 'EXAMPLE' } }, true],
    ['startsWith', { email: { startsWith: 'zoe@' } }, true],
    ['endsWith', { 'email.domain': { endsWith: '.com' } }, true],
    ['endsWith on another suffix', { 'email.domain': { endsWith: '.de' } }, false],
    ['matches, case-insensitive', { email: { matches: '^[a-z]+@example\\.com$' } }, true],
    ['matches does not match', { email: { matches: '^admin@' } }, false],
    ['exists true', { country: { exists: true } }, true],
    ['exists false on an empty answer', { note: { exists: false } }, true],
    ['exists true on an empty answer', { note: { exists: true } }, false],
  ])('%s', (_name, raw, expected) => {
    expect(holds(raw)).toBe(expected);
  });
});

describe('condition combinators', () => {
  it.each([
    ['all keys of one object must hold', { country: 'DE', size: '1000+' }, false],
    ['all', { all: [{ country: 'DE' }, { size: '201-1000' }] }, true],
    ['any', { any: [{ country: 'FR' }, { size: '201-1000' }] }, true],
    ['any with none holding', { any: [{ country: 'FR' }, { size: '1-10' }] }, false],
    ['not', { not: { country: 'FR' } }, true],
    ['nested', { all: [{ not: { any: [{ country: 'FR' }, { country: 'ES' }] } }, { employees: { gte: 100, lt: 500 } }] }, true],
  ])('%s', (_name, raw, expected) => {
    expect(holds(raw)).toBe(expected);
  });
});

describe('condition errors', () => {
  const problems = (raw: unknown) => {
    const parsed = conditionSchema.safeParse(raw);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names an unknown operator with its path', () => {
    expect(problems({ any: [{ size: { inn: ['1-10'] } }] })).toEqual([
      expect.stringMatching(/^any\.0\.size\.inn: unknown operator "inn"/),
    ]);
  });

  it('refuses a regular expression that can backtrack catastrophically', () => {
    expect(problems({ email: { matches: '(a+)+$' } })).toEqual([
      'email.matches: unsafe regular expression "(a+)+$" (nested repetition can take exponential time)',
    ]);
  });

  it('refuses an invalid regular expression', () => {
    expect(problems({ email: { matches: '([a-z' } })[0]).toMatch(/^email\.matches: bad regular expression/);
  });

  it('refuses a list where a value belongs, and an empty `in`', () => {
    expect(problems({ country: ['DE', 'FR'] })).toEqual(['country: a list is not a value; use { in: [...] }']);
    expect(problems({ country: { in: [] } })[0]).toMatch(/^country\.in: /);
  });
});
