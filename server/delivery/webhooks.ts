import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhooks (SPEC §6): a JSON body signed with the endpoint's secret.
 *
 * `Usher-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The time is
 * part of what is signed, so a receiver can refuse old deliveries (replays); `v1` names
 * the scheme so a later one can be sent beside it. Every event carries a stable `id`
 * (also in `Usher-Event-Id`): retries repeat it, and receivers use it to drop repeats.
 */
export const SIGNATURE_HEADER = 'Usher-Signature';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'bad_signature' | 'too_old' };

/**
 * Checks a delivery as a receiver should: the raw body exactly as received, the secret,
 * and a tolerance for the timestamp (5 minutes by default). Comparison is constant-time.
 */
export function verifySignature(options: {
  header: string | null | undefined;
  body: string;
  secret: string;
  now: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const parts = new Map<string, string[]>();
  for (const item of (options.header ?? '').split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  const candidates = parts.get('v1') ?? [];
  if (!Number.isInteger(t) || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(createHmac('sha256', options.secret).update(`${t}.${options.body}`).digest('hex'));
  const matches = candidates.some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(options.now / 1000 - t) > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'too_old' };
  return { ok: true, timestamp: t };
}

/** What an outbox webhook job holds: the exact bytes to send, fixed when the event happened. */
export type WebhookDelivery = {
  url: string;
  /** The environment variable holding the endpoint's secret (config `secretEnv`). */
  secretEnv: string;
  eventId: string;
  event: string;
  body: string;
};

/** One try at one delivery; resolves on a 2xx, throws with a short reason otherwise. */
export async function postWebhook(
  delivery: WebhookDelivery,
  options: { secret: string; now: number; fetch?: typeof fetch; timeoutMs?: number },
): Promise<void> {
  const send = options.fetch ?? fetch;
  const response = await send(delivery.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Usher-Webhooks/1',
      'Usher-Event': delivery.event,
      'Usher-Event-Id': delivery.eventId,
      [SIGNATURE_HEADER]: signatureHeader(options.secret, delivery.body, Math.floor(options.now / 1000)),
    },
    body: delivery.body,
    // A redirect could carry the signed body somewhere the config never named.
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  // Drain the body so the connection is released; its content does not matter.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new Error(`webhook answered ${response.status}`);
}
