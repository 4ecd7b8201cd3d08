import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptedCoding } from '../../../server/http/encoding.ts';
import { createTestApp, ROOT, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('compression', () => {
  it('serves /widget.js as brotli, gzip or plain by Accept-Encoding, each with its own ETag and Vary', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const plain = readFileSync(join(ROOT, 'dist', 'widget.js'));
    const br = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBody = await bytes(br);
    expect(brotliDecompressSync(brBody)).toEqual(plain);

    const gz = await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz))).toEqual(plain);

    const none = await t.app.request('/widget.js');
    expect(none.headers.get('content-encoding')).toBeNull();
    expect(await bytes(none)).toEqual(plain);

    const etags = [br, gz, none].map((r) => r.headers.get('etag'));
    expect(new Set(etags).size).toBe(3);
    // A revalidation must name the coding it holds.
    expect((await t.app.request('/widget.js', { headers: { 'accept-encoding': 'br', 'if-none-match': etags[0]! } })).status).toBe(304);
    expect((await t.app.request('/widget.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etags[0]! } })).status).toBe(200);
  });

  it('serves the modules widget.js imports, compressed, cached for good and open to every origin; nothing else from disk', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const loader = readFileSync(join(ROOT, 'dist', 'widget.js'), 'utf8');
    const first = /"(widget\/[\w-]+\.js)"/.exec(loader)![1]!;
    const names = readdirSync(join(ROOT, 'dist', 'widget')).filter((n) => n.endsWith('.js'));
    expect(names).toContain(first.slice('widget/'.length));
    for (const name of names) {
      const res = await t.app.request(`/widget/${name}`, { headers: { 'accept-encoding': 'br' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const body = await bytes(res);
      const raw = readFileSync(join(ROOT, 'dist', 'widget', name));
      expect(brotliDecompressSync(body).equals(raw)).toBe(true);
      expect(body.length).toBeLessThan(raw.length / 2);
    }
    for (const path of ['/widget/nope.js', '/widget/..%2Fwidget.js', '/widget/usher.js.br', '/widget/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });

  it('gzips HTML pages for clients that take it, and leaves JSON answers alone', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const page = await t.app.request('/', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(gunzipSync(await bytes(page)).toString()).toContain('<script src="/widget.js" async></script>');
    const json = await t.app.request('/api/forms/demo', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(json.headers.get('content-encoding')).toBeNull();
    expect((await json.json() as { title: string }).title).toBe('Book a demo');
  });

  it('picks the coding by the client\'s weights, refusing q=0', () => {
    expect(acceptedCoding('gzip, br')).toBe('br');
    expect(acceptedCoding('br;q=0.5, gzip')).toBe('gzip');
    expect(acceptedCoding('br;q=0, gzip;q=0')).toBeNull();
    expect(acceptedCoding('*')).toBe('br');
    expect(acceptedCoding('*, br;q=0')).toBe('gzip');
    expect(acceptedCoding('identity')).toBeNull();
    expect(acceptedCoding(undefined)).toBeNull();
    expect(acceptedCoding('gzip;q=abc')).toBeNull();
  });
});
