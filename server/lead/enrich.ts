import type { Form } from '../../shared/config.ts';
import { emailQuestionId, type LeadFacts } from './fields.ts';
import type { Region } from './reference-data.ts';

export type Account = { name: string; domains: string[]; owner: string };

/** Everything enrichment needs besides the lead; built once per config. */
export type EnrichmentData = {
  accountsByDomain: ReadonlyMap<string, Account>;
  freeMailDomains: ReadonlySet<string>;
  countryRegions: ReadonlyMap<string, Region | null>;
};

export type LeadInput = {
  answers: Record<string, string>;
  timezone: string;
  locale?: string | undefined;
  context?: {
    pageUrl?: string | undefined;
    utm?: { source?: string | undefined; medium?: string | undefined; campaign?: string | undefined } | undefined;
  } | undefined;
};

export function indexAccounts(accounts: readonly Account[]): Map<string, Account> {
  const index = new Map<string, Account>();
  for (const account of accounts) {
    for (const domain of account.domains) index.set(domain.toLowerCase(), account);
  }
  return index;
}

/** The domain of an email address, lower-cased; null when there is none. */
export function emailDomain(email: string | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (!email || at < 1) return null;
  return email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '') || null;
}

/** "eu.sales.globex.com" → the account of the longest listed suffix. Free mail never matches. */
export function matchAccount(domain: string | null, data: EnrichmentData): Account | null {
  if (domain === null || data.freeMailDomains.has(domain)) return null;
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const account = data.accountsByDomain.get(labels.slice(i).join('.'));
    if (account) return account;
  }
  return null;
}

const blankToNull = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);

/** Answers plus the derived fields of SPEC §2.2, as one flat map for conditions. */
export function enrich(form: Form, lead: LeadInput, data: EnrichmentData): LeadFacts {
  const facts: LeadFacts = {};
  for (const question of form.questions) facts[question.id] = blankToNull(lead.answers[question.id]);

  const domain = emailDomain(lead.answers[emailQuestionId(form)]);
  facts['email.domain'] = domain;
  facts['email.free'] = domain !== null && data.freeMailDomains.has(domain);

  const account = matchAccount(domain, data);
  facts['account.matched'] = account !== null;
  facts['account.name'] = account?.name ?? null;
  facts['account.owner'] = account?.owner ?? null;

  const countryQuestion = form.questions.find((q) => q.type === 'country');
  const country = blankToNull(countryQuestion ? lead.answers[countryQuestion.id] : undefined)?.toUpperCase() ?? null;
  facts.country = country;
  facts.region = country === null ? null : (data.countryRegions.get(country) ?? null);

  facts.timezone = lead.timezone;
  facts.locale = blankToNull(lead.locale);
  facts['utm.source'] = blankToNull(lead.context?.utm?.source);
  facts['utm.medium'] = blankToNull(lead.context?.utm?.medium);
  facts['utm.campaign'] = blankToNull(lead.context?.utm?.campaign);
  facts['page.url'] = blankToNull(lead.context?.pageUrl);
  return facts;
}
