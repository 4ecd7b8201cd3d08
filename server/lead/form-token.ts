import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A form token proves a submission follows a real fetch of the form, and when that
 * fetch happened: `<issued at, base 36>.<HMAC>`. Bots that post straight to the API have
 * none; scripts that fetch and post at once are faster than any person can type.
 */
const MAX_AGE = 24 * 3_600_000;

function mac(secret: string, formId: string, issuedAt: number): string {
  return createHmac('sha256', secret).update(`form-token\n${formId}\n${issuedAt}`).digest('base64url').slice(0, 27);
}

export function issueFormToken(secret: string, formId: string, now: number): string {
  return `${now.toString(36)}.${mac(secret, formId, now)}`;
}

export type FormTokenCheck = 'ok' | 'missing' | 'invalid' | 'too_fast' | 'expired';

export function checkFormToken(secret: string, formId: string, token: string | undefined, now: number, minimumMs: number): FormTokenCheck {
  if (!token) return 'missing';
  const [stamp, given] = token.split('.');
  const issuedAt = stamp && /^[0-9a-z]{1,12}$/.test(stamp) ? parseInt(stamp, 36) : NaN;
  if (!given || !Number.isFinite(issuedAt)) return 'invalid';
  const expected = Buffer.from(mac(secret, formId, issuedAt));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'invalid';
  if (now - issuedAt < minimumMs) return 'too_fast';
  if (now - issuedAt > MAX_AGE) return 'expired';
  return 'ok';
}
