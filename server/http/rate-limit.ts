import { createHmac } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Counter, LimitCounters } from '../store/limit-counters.ts';
import { ApiError } from './errors.ts';

export type LimitName = 'submissionsPerIp' | 'bookingsPerIp' | 'submissionsPerEmail' | 'linkEmailsPerLead' | 'adminSignInsPerIp';

type Rule = { points: number; seconds: number; what: string };

/**
 * Abuse limits (SPEC `limits`), counted by rate-limiter-flexible where `counters` keeps
 * them: shared by every instance on PostgreSQL or Redis, or in this process. A limit of
 * 0 is off. Exceeding one is `429 rate_limited` with `Retry-After`. Keys are kept as
 * keyed hashes, so a shared Redis or table holds no address or email in the clear.
 */
export class AbuseLimits {
  private readonly counters = new Map<LimitName, { counter: Counter; what: string }>();

  constructor(
    rules: Record<LimitName, Rule>,
    store: LimitCounters,
    private readonly secret: string,
    private readonly onLimited?: (name: LimitName) => void,
  ) {
    for (const [name, rule] of Object.entries(rules) as [LimitName, Rule][]) {
      if (rule.points > 0) this.counters.set(name, { counter: store.counter({ name, points: rule.points, seconds: rule.seconds }), what: rule.what });
    }
  }

  /** Counts one request against `key`; throws `rate_limited` once the limit is used up. */
  async take(name: LimitName, key: string): Promise<void> {
    const entry = this.counters.get(name);
    if (!entry) return;
    try {
      await entry.counter.consume(createHmac('sha256', this.secret).update(key).digest('base64url').slice(0, 27));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.onLimited?.(name);
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new ApiError('rate_limited', `too many ${entry.what}; try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
    }
  }
}

export function abuseLimitsFrom(
  limits: { submissionsPerIpPerMinute: number; bookingsPerIpPerMinute: number; submissionsPerEmailPerHour: number },
  store: LimitCounters,
  secret: string,
  onLimited?: (name: LimitName) => void,
): AbuseLimits {
  return new AbuseLimits({
    submissionsPerIp: { points: limits.submissionsPerIpPerMinute, seconds: 60, what: 'submissions from this address' },
    bookingsPerIp: { points: limits.bookingsPerIpPerMinute, seconds: 60, what: 'booking attempts from this address' },
    submissionsPerEmail: { points: limits.submissionsPerEmailPerHour, seconds: 3600, what: 'submissions for this email address' },
    // Each one mails the prospect: a few an hour is plenty for someone who lost the first.
    linkEmailsPerLead: { points: 3, seconds: 3600, what: 'link emails for this request' },
    // Guessing the admin token: ten tries per quarter hour from one address.
    adminSignInsPerIp: { points: 10, seconds: 900, what: 'sign-in attempts from this address' },
  }, store, secret, onLimited);
}
