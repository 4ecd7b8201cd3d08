import { afterEach, describe, expect, it } from 'vitest';
import { countLeads } from '../../../server/store/leads.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const GUARDED = TEST_CONFIG_YAML.replace('minimumFillSeconds: 0', 'minimumFillSeconds: 3');

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

async function formToken(app: TestApp): Promise<string> {
  return (await (await app.app.request('/api/forms/demo')).json()).formToken;
}
const submit = (app: TestApp, extra: Record<string, unknown>) =>
  app.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'UTC', ...extra });

describe('bot checks on submissions', () => {
  it('accepts a form sent back with its token after a person-like pause', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: GUARDED });
    const token = await formToken(t);
    t.setNow(MONDAY_0600Z + 20_000);
    expect((await submit(t, { formToken: token })).status).toBe(200);
  });

  it.each([
    ['no token', () => ({}), 0, /missing or not valid/],
    ['a forged token', (token: string) => ({ formToken: `${token.split('.')[0]}.${'A'.repeat(27)}` }), 20_000, /missing or not valid/],
    ['a token for another form', () => ({ formToken: 'zz.zz' }), 20_000, /missing or not valid/],
    ['a token used at once', (token: string) => ({ formToken: token }), 500, /quicker than anyone/],
    ['a token a day old', (token: string) => ({ formToken: token }), 25 * 3_600_000, /open too long/],
    ['a filled honeypot', (token: string) => ({ formToken: token, website: 'http://spam.example' }), 20_000, /refused/],
  ])('refuses %s with 422 and writes nothing', async (_name, extra, wait, message) => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: GUARDED });
    const token = await formToken(t);
    t.setNow(MONDAY_0600Z + wait);
    const res = await submit(t, extra(token));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('submission_rejected');
    expect(error.message).toMatch(message);
    expect(await countLeads(t.db)).toBe(0);
  });

  it('checks the honeypot even when the fill time check is off', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    expect((await submit(t, { website: 'x' })).status).toBe(422);
  });

  it('gives every fetch of a form its own token and keeps it out of shared caches', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: GUARDED });
    const res = await t.app.request('/api/forms/demo');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});
