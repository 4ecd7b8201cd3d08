/**
 * The one way the console talks to the server: same-origin JSON with the session
 * cookie, the CSRF token on every change, and an error shape of its own.
 */

/** An answer that was not a success: the server's `{ error: { code, message, issues } }`, or `network`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: readonly { path?: string; message: string }[] = []) {
    super(message);
  }
}

let csrf = '';
let sessionLost: () => void = () => {};

/** The token `X-CSRF-Token` carries, from the session answer. */
export function setCsrf(token: string): void {
  csrf = token;
}

/** What to do on a 401 anywhere: the session is gone, so back to sign-in. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

export type RequestOptions = {
  /** A JSON body; makes the request a POST. */
  json?: unknown;
  /** A CSV body (simulate); makes the request a POST. */
  csv?: string;
  /** A 401 is this call's own answer (sign-in, session check), not a lost session. */
  own401?: boolean;
};

/** Sends one request and returns its JSON (undefined for 204), or throws an {@link ApiError}. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const post = options.json !== undefined || options.csv !== undefined;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (post) {
    headers['X-CSRF-Token'] = csrf;
    headers['Content-Type'] = options.csv !== undefined ? 'text/csv' : 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: post ? 'POST' : 'GET',
      headers,
      body: post ? options.csv ?? JSON.stringify(options.json) : null,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (response.status === 401 && !options.own401) sessionLost();
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; issues?: { path?: string; message: string }[] } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.issues ?? []);
  }
  return data as T;
}
