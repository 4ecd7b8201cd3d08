/** An ICS feed fetched over http(s), with the validators of a conditional request. */

export type FeedValidators = { etag: string | null; lastModified: string | null };

export type FeedAnswer =
  | { status: 'not_modified' }
  | { status: 'ok'; text: string; etag: string | null; lastModified: string | null };

/** A feed bigger than this is refused rather than read into memory. */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;

export class FeedError extends Error {}

/**
 * GETs the feed, conditionally when `validators` are given (If-None-Match,
 * If-Modified-Since), within `timeoutMs` for the whole answer, body included. Anything
 * but a 2xx with a calendar, or a 304 to a conditional request, is a `FeedError` whose
 * message an admin can act on; the URL is never in it (it may hold a secret token).
 */
export async function fetchFeed(
  given: string,
  options: { validators?: FeedValidators | undefined; timeoutMs: number; fetch?: typeof fetch | undefined },
): Promise<FeedAnswer> {
  const url = httpUrlOf(given);
  try {
    return await fetchOnce(url, options);
  } catch (error) {
    // A kept-alive connection the server has just closed fails before any answer; a GET
    // is safe to send once more on a new one.
    if (error instanceof FeedError && error.message.endsWith(': ECONNRESET')) return fetchOnce(url, options);
    throw error;
  }
}

async function fetchOnce(
  url: string,
  options: { validators?: FeedValidators | undefined; timeoutMs: number; fetch?: typeof fetch | undefined },
): Promise<FeedAnswer> {
  const headers: Record<string, string> = { accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1', 'user-agent': 'Usher calendar sync' };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await (options.fetch ?? fetch)(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304 && options.validators) {
      await response.body?.cancel();
      return { status: 'not_modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedError(`the feed answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const text = await readLimited(response, MAX_FEED_BYTES);
    return { status: 'ok', text, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
  } catch (error) {
    if (error instanceof FeedError) throw error;
    if (signal.aborted) throw new FeedError(`the feed did not answer within ${options.timeoutMs} ms`);
    throw new FeedError(`the feed could not be fetched: ${causeOf(error)}`);
  }
}

/** `webcal://` (Apple, Outlook and Google hand those out) is the feed over https. */
export function httpUrlOf(url: string): string {
  return url.replace(/^webcals?:\/\//i, 'https://');
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new FeedError(`the feed is larger than ${limit / 1024 / 1024} MB`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new FeedError(`the feed is larger than ${limit / 1024 / 1024} MB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Node's fetch hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
