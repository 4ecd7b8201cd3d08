import { Hono, type Context } from 'hono';
import type { FlowDeps } from '../flows/deps.ts';
import { acceptLead, cancelAsHost, findHosted, handBack, markOutcome } from '../flows/host.ts';
import { CANCEL_REASON_MAX } from '../flows/manage.ts';
import { ApiError } from '../http/errors.ts';
import { readForm } from '../http/form.ts';
import { guardTokenPages } from '../http/token-page.ts';
import { readerFor } from '../i18n/reader.ts';
import { HOST_DONE, hostErrorNotice, hostPage, type HostDone, type HostNotice } from '../views/host-page.ts';
import { notFoundPage } from '../views/layout.ts';

/**
 * The rep's host link (`/h/:token`, SPEC §12) and its form posts: accept, hand back,
 * cancel as host, held / no-show. The token is the rep's only credential, like the
 * prospect's manage link; each action answers 303 back to the page, so a reload never
 * repeats it, or the page again with what went wrong.
 */
export function createHostPageRoutes(deps: FlowDeps) {
  const app = new Hono();
  guardTokenPages(app, '/h', '/h/:token/*');

  const notFound = (c: Context) =>
    c.html(notFoundPage(readerFor(deps.catalog.config.organization.locale, deps.catalog.config.organization.locale), 'page.badLink'), 404);

  const render = async (c: Context, token: string, notice: HostNotice | null, status: 200 | 409 | 413 | 415 | 422 = 200) => {
    const hosted = await findHosted(deps.store, token);
    return c.html(hostPage({ catalog: deps.catalog, hosted, token, now: deps.clock(), notice }), status);
  };

  const act = async (c: Context, done: HostDone | (() => HostDone), run: (token: string) => Promise<unknown>) => {
    const token = c.req.param('token')!;
    try {
      await run(token);
      return c.redirect(`/h/${encodeURIComponent(token)}?done=${typeof done === 'function' ? done() : done}`, 303);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      if (error.code === 'not_found') return notFound(c);
      return render(c, token, hostErrorNotice(error.code), error.status as 409 | 413 | 415 | 422);
    }
  };

  app.get('/h/:token', async (c) => {
    const done = c.req.query('done');
    try {
      return await render(c, c.req.param('token'), done && Object.hasOwn(HOST_DONE, done) ? { kind: 'done', text: HOST_DONE[done as HostDone] } : null);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') return notFound(c);
      throw error;
    }
  });
  app.post('/h/:token/accept', (c) => act(c, 'accepted', (token) => acceptLead(deps, token)));
  app.post('/h/:token/hand-back', (c) => act(c, 'handedBack', (token) => handBack(deps, token)));
  app.post('/h/:token/cancel', (c) => act(c, 'canceled', async (token) => {
    const form = await readForm(c);
    return cancelAsHost(deps, token, form.reason?.slice(0, CANCEL_REASON_MAX * 4));
  }));
  app.post('/h/:token/outcome', (c) => {
    let outcome: 'held' | 'no_show' = 'held';
    return act(c, () => outcome, async (token) => {
      const form = await readForm(c);
      if (form.outcome !== 'held' && form.outcome !== 'no_show') throw new ApiError('invalid_request', 'choose held or no-show');
      outcome = form.outcome;
      return markOutcome(deps, token, outcome);
    });
  });
  return app;
}
