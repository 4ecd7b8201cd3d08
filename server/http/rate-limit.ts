import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from './errors.ts';

export type LimitName = 'submissionsPerIp' | 'bookingsPerIp' | 'submissionsPerEmail';

type Rule = { points: number; seconds: number; what: string };

/**
 * Abuse limits (SPEC `limits`), counted in process with rate-limiter-flexible. A limit of
 * 0 is off. Exceeding one is `429 rate_limited` with `Retry-After`.
 */
export class AbuseLimits {
  private readonly limiters = new Map<LimitName, { limiter: RateLimiterMemory; what: string }>();

  constructor(rules: Record<LimitName, Rule>) {
    for (const [name, rule] of Object.entries(rules) as [LimitName, Rule][]) {
      if (rule.points > 0) {
        this.limiters.set(name, { limiter: new RateLimiterMemory({ points: rule.points, duration: rule.seconds }), what: rule.what });
      }
    }
  }

  /** Counts one request against `key`; throws `rate_limited` once the limit is used up. */
  async take(name: LimitName, key: string): Promise<void> {
    const entry = this.limiters.get(name);
    if (!entry) return;
    try {
      await entry.limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new ApiError('rate_limited', `too many ${entry.what}; try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
    }
  }
}

export function abuseLimitsFrom(limits: { submissionsPerIpPerMinute: number; bookingsPerIpPerMinute: number; submissionsPerEmailPerHour: number }): AbuseLimits {
  return new AbuseLimits({
    submissionsPerIp: { points: limits.submissionsPerIpPerMinute, seconds: 60, what: 'submissions from this address' },
    bookingsPerIp: { points: limits.bookingsPerIpPerMinute, seconds: 60, what: 'booking attempts from this address' },
    submissionsPerEmail: { points: limits.submissionsPerEmailPerHour, seconds: 3600, what: 'submissions for this email address' },
  });
}
