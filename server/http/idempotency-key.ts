import { ApiError } from './errors.ts';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header's value, checked; undefined when the client sent none. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_FORMAT.test(header)) {
    throw new ApiError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)');
  }
  return header;
}
