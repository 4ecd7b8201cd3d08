import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { enrich } from '../../../server/lead/enrich.ts';
import { configFrom, validAnswers } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const catalog = buildCatalog(configFrom(TEST_CONFIG_YAML.replace(
  '  - { name: Globex, domains: [globex.com], owner: ldn }',
  '  - { name: Globex, domains: [globex.com], owner: ldn }\n  - { name: Gmail Inc, domains: [gmail.com], owner: ny }',
)));
const form = catalog.config.forms.demo!;
const factsFor = (answers: Record<string, string>, extra: object = {}) =>
  enrich(form, { answers, timezone: 'Asia/Kolkata', ...extra }, catalog.enrichment);

describe('enrichment', () => {
  it('derives the email domain in lower case', () => {
    expect(factsFor(validAnswers({ email: 'Jo.Doe@Sales.ACME.io' }))['email.domain']).toBe('sales.acme.io');
  });

  it.each([
    ['gmail.com', true], ['GMAIL.COM', true], ['yahoo.co.uk', true], ['proton.me', true], ['gmx.de', true],
    ['acme.io', false], ['globex.com', false],
  ])('marks %s as free mail: %s', (domain, free) => {
    expect(factsFor(validAnswers({ email: `someone@${domain}` }))['email.free']).toBe(free);
  });

  it.each([
    ['globex.com', 'Globex'],
    ['eu.sales.globex.com', 'Globex'],
    ['notglobex.com', null],
    ['globex.com.evil.io', null],
  ])('matches %s to account %s (a subdomain matches its parent)', (domain, account) => {
    const facts = factsFor(validAnswers({ email: `cfo@${domain}` }));
    expect(facts['account.name']).toBe(account);
    expect(facts['account.matched']).toBe(account !== null);
    expect(facts['account.owner']).toBe(account ? 'ldn' : null);
  });

  it('never matches a free-mail domain to an account, even one listed', () => {
    const facts = factsFor(validAnswers({ email: 'ceo@gmail.com' }));
    expect(facts['account.matched']).toBe(false);
  });

  it.each([
    ['US', 'NA'], ['CA', 'NA'], ['MX', 'LATAM'], ['BR', 'LATAM'], ['JM', 'LATAM'], ['DE', 'EMEA'],
    ['ZA', 'EMEA'], ['AE', 'EMEA'], ['TR', 'EMEA'], ['IN', 'APAC'], ['JP', 'APAC'], ['AU', 'APAC'], ['de', 'EMEA'],
  ])('puts country %s in region %s', (country, region) => {
    const facts = factsFor(validAnswers({ country }));
    expect(facts.country).toBe(country.toUpperCase());
    expect(facts.region).toBe(region);
  });

  it('leaves country and region empty when the country is not answered', () => {
    const facts = factsFor(validAnswers({ country: '' }));
    expect(facts.country).toBeNull();
    expect(facts.region).toBeNull();
  });

  it('carries zone, locale, UTM parameters and page URL, blanks as missing', () => {
    const facts = factsFor(validAnswers(), {
      locale: 'de-DE',
      context: { pageUrl: 'https://northwind.test/pricing', utm: { source: 'google', medium: ' ', campaign: 'q4' } },
    });
    expect(facts).toMatchObject({
      timezone: 'Asia/Kolkata', locale: 'de-DE', 'utm.source': 'google', 'utm.medium': null,
      'utm.campaign': 'q4', 'page.url': 'https://northwind.test/pricing',
    });
  });

  it('treats an unanswered optional question as missing, not as an empty string', () => {
    expect(factsFor(validAnswers({ country: '   ' })).country).toBeNull();
  });
});
