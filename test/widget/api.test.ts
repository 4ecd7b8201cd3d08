import { describe, expect, it } from 'vitest';
import { createApi } from '../../widget/api.ts';

type Call = { url: string; init: RequestInit | undefined };

/** A fetch that records calls and answers with `status` and `body` (or throws). */
function fakeFetch(status: number, body: unknown) {
  const calls: Call[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    calls.push({ url: String(input), init });
    if (body instanceof Error) return Promise.reject(body);
    return Promise.resolve(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));
  };
  return { fetchImpl, calls };
}

const form = {
  id: 'demo',
  title: 'Book a demo',
  organization: 'Northwind',
  meeting: { title: 'Demo', durationMinutes: 30 },
  questions: [{ id: 'email', type: 'email', label: 'Work email', required: true }],
  theme: {},
  formToken: 'lqz1x2.abc',
};

describe('widget api client', () => {
  it('fetches a form from the server it was given', async () => {
    const { fetchImpl, calls } = fakeFetch(200, form);
    const result = await createApi('https://usher.test/', fetchImpl).getForm('demo form');
    expect(result).toEqual({ ok: true, data: form });
    expect(calls[0]?.url).toBe('https://usher.test/api/forms/demo%20form');
  });

  it('turns a network failure into status 0 and code network', async () => {
    const { fetchImpl } = fakeFetch(0, new TypeError('Failed to fetch'));
    const result = await createApi('https://usher.test', fetchImpl).getForm('demo');
    expect(result).toMatchObject({ ok: false, status: 0, error: { code: 'network' } });
  });

  it('passes on the error body of a 404', async () => {
    const body = { error: { code: 'form_not_found', message: 'unknown form "demo"' } };
    const result = await createApi('https://usher.test', fakeFetch(404, body).fetchImpl).getForm('demo');
    expect(result).toEqual({ ok: false, status: 404, error: body.error });
  });

  it('reports a success body that does not match the contract', async () => {
    const result = await createApi('https://usher.test', fakeFetch(200, { id: 'demo' }).fetchImpl).getForm('demo');
    expect(result).toMatchObject({ ok: false, status: 200, error: { code: 'bad_response' } });
  });

  it('reports an error answer that is not JSON by its status', async () => {
    const result = await createApi('https://usher.test', fakeFetch(502, '<html>Bad gateway</html>').fetchImpl).getForm('demo');
    expect(result).toEqual({ ok: false, status: 502, error: { code: 'http_error', message: 'HTTP 502' } });
  });

  it('posts a booking as JSON with its idempotency key and returns the fresh slots of a 409', async () => {
    const slots = [{ start: '2026-03-03T10:00:00Z', end: '2026-03-03T10:30:00Z' }];
    const { fetchImpl, calls } = fakeFetch(409, { error: { code: 'slot_taken', message: 'taken', slots } });
    const result = await createApi('https://usher.test', fetchImpl)
      .book({ leadToken: 'token_1', start: '2026-03-03T09:00:00Z' }, 'key_1');
    expect(result).toEqual({ ok: false, status: 409, error: { code: 'slot_taken', message: 'taken', slots } });
    expect(calls[0]?.url).toBe('https://usher.test/api/bookings');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'key_1' });
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ leadToken: 'token_1', start: '2026-03-03T09:00:00Z' });
  });

  it('makes booking links absolute against the server, not the host page', async () => {
    const booking = {
      bookingId: 'b1',
      start: '2026-03-03T09:00:00Z',
      end: '2026-03-03T09:30:00Z',
      host: { name: 'Ana' },
      manageUrl: '/m/abc',
      icsUrl: '/m/abc/invite.ics',
    };
    const result = await createApi('https://usher.test', fakeFetch(201, booking).fetchImpl)
      .book({ leadToken: 't', start: booking.start });
    expect(result).toMatchObject({ ok: true, data: { manageUrl: 'https://usher.test/m/abc', icsUrl: 'https://usher.test/m/abc/invite.ics' } });
  });

  it('never hands a script URL to the page as a redirect or link', async () => {
    const disqualified = {
      outcome: 'disqualified',
      reason: 'too_small',
      redirectUrl: 'javascript:alert(1)',
      page: { title: 'Thanks', message: 'Not yet', links: [{ label: 'Trial', url: '/trial' }] },
    };
    const result = await createApi('https://usher.test', fakeFetch(200, disqualified).fetchImpl)
      .submit('demo', { answers: {}, timezone: 'UTC' });
    expect(result).toMatchObject({
      ok: true,
      data: { redirectUrl: 'https://usher.test/', page: { links: [{ url: 'https://usher.test/trial' }] } },
    });
  });

  it('asks for more slots with the lead token as a bearer token and the range as UTC instants', async () => {
    const page = { slots: [{ start: '2026-03-10T09:00:00Z', end: '2026-03-10T09:30:00Z' }], timezone: 'Europe/Berlin' };
    const { fetchImpl, calls } = fakeFetch(200, page);
    const result = await createApi('https://usher.test', fetchImpl)
      .slots({ leadId: 'lead 1', leadToken: 'token_1' }, '2026-03-10T00:00:00.000Z', '2026-03-24T00:00:00.000Z');
    expect(result).toEqual({ ok: true, data: page });
    expect(calls[0]?.url).toBe('https://usher.test/api/leads/lead%201/slots?from=2026-03-10T00%3A00%3A00.000Z&to=2026-03-24T00%3A00%3A00.000Z');
    expect(calls[0]?.init?.headers).toEqual({ authorization: 'Bearer token_1' });
  });

  it('treats a success body that is not JSON as a bad response', async () => {
    const result = await createApi('https://usher.test', fakeFetch(200, '<html>hello</html>').fetchImpl).getForm('demo');
    expect(result).toMatchObject({ ok: false, status: 200, error: { code: 'bad_response' } });
  });

  it('drops keys the contract does not name', async () => {
    const result = await createApi('https://usher.test', fakeFetch(200, { ...form, secret: 'rep@northwind.test' }).fetchImpl).getForm('demo');
    expect(result).toEqual({ ok: true, data: form });
  });
});
