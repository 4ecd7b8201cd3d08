import type { MiddlewareHandler } from 'hono';

export type CorsOptions = {
  /** Origins allowed to call the API, as `URL.origin` spells them. */
  origins: ReadonlySet<string>;
  methods: readonly string[];
  headers: readonly string[];
  maxAgeSeconds: number;
};

/**
 * CORS for the API: the widget's host pages and Usher's own origin may call it, no one
 * else. Every header is set before the handler runs. (hono/cors appends `Vary` after the
 * handler, which makes Hono rebuild the finished response around a stream; on
 * @hono/node-server that costs a fifth of a submission's CPU.) A preflight is answered
 * here, 204, without reaching the routes.
 */
export function apiCors(options: CorsOptions): MiddlewareHandler {
  const methods = options.methods.join(',');
  const headers = options.headers.join(',');
  const maxAge = String(options.maxAgeSeconds);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && options.origins.has(origin) ? origin : null;
    if (c.req.method === 'OPTIONS') {
      const answer = new Headers({ Vary: 'Origin', 'Access-Control-Allow-Methods': methods, 'Access-Control-Allow-Headers': headers, 'Access-Control-Max-Age': maxAge });
      if (allowed) answer.set('Access-Control-Allow-Origin', allowed);
      return new Response(null, { status: 204, headers: answer });
    }
    c.header('Vary', 'Origin');
    if (allowed) c.header('Access-Control-Allow-Origin', allowed);
    await next();
  };
}
