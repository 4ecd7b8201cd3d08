import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealing with a bearer token: AES-256-GCM under a key derived (HKDF-SHA256) from the
 * token itself. The database keeps only the token's sha256, which does not yield the
 * key, so what is sealed opens only for a request that presents the token again.
 *
 * Used for what a lead must be able to get back later but the database must not give
 * away: the manage link of the lead's booking (`already_booked`) and the stored answer
 * to an idempotent retry.
 */
export type SealPurpose = 'manage-token' | 'idempotent-answer' | KeptPurpose;

/**
 * Sealed with the server secret instead of a bearer token: what Usher must read again
 * by itself, later (a host link for the next email about a lead; a known prospect's
 * manage link, emailed again). A copy of the database alone still opens none of it.
 */
export type KeptPurpose = 'kept-manage-token' | 'host-token' | 'queued-mail';

const VERSION = 'v1';

function keyFor(token: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', token, '', `usher/${purpose}/${VERSION}`, 32));
}

export function seal(token: string, purpose: SealPurpose, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(token, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The plaintext, or null when the token is not the one it was sealed with (or it was altered). */
export function unseal(token: string, purpose: SealPurpose, sealed: string): string | null {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(token, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
