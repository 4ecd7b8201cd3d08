import { afterEach, describe, expect, it } from 'vitest';
import { formViewSchema, submissionResponseSchema } from '../../../shared/api.ts';
import { localizedYaml } from '../../fixtures/localized-config.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { testConfigWith } from '../booking/fixtures.ts';

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

async function appWith(yaml = localizedYaml()) {
  t = await createTestApp({ now: MONDAY_0600Z, yaml });
  return t;
}

async function formView(path: string, headers: Record<string, string> = {}) {
  const res = await t!.app.request(path, { headers });
  expect(res.status).toBe(200);
  return formViewSchema.parse(await res.json());
}

const labels = (view: { questions: { label: string }[] }) => view.questions.map((q) => q.label);
const ENGLISH = ['Work email', 'Full name', 'Company size', 'Country / Land'];
const GERMAN = ['Geschäftliche E-Mail', 'Vollständiger Name', 'Unternehmensgröße', 'Country / Land'];

describe('GET /api/forms/:formId in the prospect\'s locale', () => {
  it('answers German texts for ?locale=de and ?locale=de-AT, as plain strings', async () => {
    await appWith();
    for (const locale of ['de', 'de-AT', 'DE-at']) {
      const view = await formView(`/api/forms/demo?locale=${locale}`);
      expect(view.title).toBe('Demo buchen');
      expect(view.meeting.title).toBe('Test-Demo');
      expect(labels(view)).toEqual(GERMAN);
      expect(view.questions[0]!.placeholder).toBe('sie@firma.de');
      // Select options are values that routing compares: never translated.
      expect(view.questions[2]!.options).toEqual(['1-10', '11-50', '201-1000', '1000+']);
    }
  });

  it('answers English for a locale the config lacks while the organization reads English', async () => {
    await appWith();
    const view = await formView('/api/forms/demo?locale=fr');
    expect(view.title).toBe('Book a demo');
    expect(labels(view)).toEqual(ENGLISH);
  });

  it('answers the organization\'s locale for a locale the config lacks, and for none', async () => {
    await appWith(localizedYaml('de'));
    expect(labels(await formView('/api/forms/demo?locale=fr'))).toEqual(GERMAN);
    expect(labels(await formView('/api/forms/demo'))).toEqual(GERMAN);
  });

  it('takes the browser\'s Accept-Language when the query names no locale', async () => {
    await appWith();
    expect(labels(await formView('/api/forms/demo', { 'accept-language': 'fr-CH, de;q=0.9, en;q=0.8' }))).toEqual(ENGLISH);
    expect(labels(await formView('/api/forms/demo', { 'accept-language': 'en;q=0.5, de-AT' }))).toEqual(GERMAN);
    expect(labels(await formView('/api/forms/demo?locale=en', { 'accept-language': 'de' }))).toEqual(ENGLISH);
  });

  it('falls back instead of failing for a malformed or huge locale', async () => {
    await appWith();
    for (const locale of ['x'.repeat(10 * 1024), 'not a tag', '__proto__', 'constructor', '%00', '']) {
      const res = await t!.app.request(`/api/forms/demo?locale=${encodeURIComponent(locale)}`);
      expect(res.status).toBe(200);
      expect(labels(formViewSchema.parse(await res.json()))).toEqual(ENGLISH);
    }
    const hostile = await t!.app.request('/api/forms/demo', { headers: { 'accept-language': `${'de;q=0.1,'.repeat(2000)}xx-;q=abc` } });
    expect(hostile.status).toBe(200);
  });
});

describe('POST /api/forms/:formId/submissions in the request\'s locale', () => {
  const submit = (answers: Record<string, string>, locale?: string) =>
    t!.post('/api/forms/demo/submissions', { answers: validAnswers(answers), timezone: 'Europe/Berlin', ...(locale === undefined ? {} : { locale }) });

  it('shows a German not-a-fit page, the form\'s own for one reason and the reason\'s own for another', async () => {
    await appWith();
    const small = submissionResponseSchema.parse(await (await submit({ size: '1-10' }, 'de-DE')).json());
    expect(small).toEqual({
      outcome: 'disqualified', reason: 'too_small',
      redirectUrl: 'http://usher.test/not-a-fit/demo?reason=too_small&locale=de-DE',
      page: { title: 'Danke für Ihr Interesse', message: 'So starten Teams Ihrer Größe.', links: [{ label: 'Kostenlos testen', url: 'https://test.co/trial' }] },
    });
    // A gmail user is told about their email address, not about teams their size.
    const personal = await (await submit({ email: 'jo@gmail.com' }, 'de')).json();
    expect(personal.page).toEqual({ title: 'Danke für Ihr Interesse', message: 'Bitte nutzen Sie Ihre geschäftliche E-Mail-Adresse.', links: [] });
    const english = await (await submit({ email: 'jo@gmail.com' })).json();
    expect(english.page).toEqual({ title: 'Thanks for your interest', message: 'Please use your work email address.', links: [] });
  });

  it('answers 422 to a 10 KB locale and the fallback to a malformed short one', async () => {
    await appWith();
    const huge = await submit({ size: '1-10' }, 'x'.repeat(10 * 1024));
    expect(huge.status).toBe(422);
    expect((await huge.json()).error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'locale' }] });
    const odd = await (await submit({ size: '1-10' }, '__proto__')).json();
    expect(odd).toMatchObject({ redirectUrl: 'http://usher.test/not-a-fit/demo?reason=too_small', page: { title: 'Thanks for your interest' } });
  });

  it('follows a reason\'s own redirect and keeps the form\'s for the others', async () => {
    await appWith(testConfigWith((config) => {
      config.forms.demo!.disqualified = { redirectUrl: 'https://test.co/small', reasons: { personal_email: { redirectUrl: null, title: { en: 'Work email, please', de: 'Bitte die Firmenadresse' } } } };
    }));
    expect(await (await submit({ size: '1-10' }, 'de')).json()).toMatchObject({ redirectUrl: 'https://test.co/small', page: null });
    expect((await (await submit({ email: 'jo@gmail.com' }, 'de')).json()).page).toEqual({ title: 'Bitte die Firmenadresse', message: '', links: [] });
  });

  it('answers Usher\'s own German texts where the config gives none', async () => {
    await appWith(testConfigWith((config) => {
      config.reps = (config.reps as { timeOff?: unknown }[]).map((rep) => ({ ...rep, timeOff: [{ from: '2026-11-01', to: '2026-12-31' }] }));
    }));
    const none = await (await submit({}, 'de-AT')).json();
    expect(none).toMatchObject({ outcome: 'no_availability', message: 'Unser Team meldet sich innerhalb eines Werktags per E-Mail bei Ihnen.' });
    expect((await (await submit({ size: '1-10' }, 'es')).json()).page.title).toBe('Gracias por tu interés');
  });

  it('answers the no-availability message of the config in the lead\'s locale', async () => {
    await appWith(testConfigWith((config) => {
      config.reps = (config.reps as { timeOff?: unknown }[]).map((rep) => ({ ...rep, timeOff: [{ from: '2026-11-01', to: '2026-12-31' }] }));
      config.forms.demo!.noAvailability = { message: { en: 'We will write to you.', de: 'Wir schreiben Ihnen.' } };
    }));
    expect((await (await submit({}, 'de')).json()).message).toBe('Wir schreiben Ihnen.');
    expect((await (await submit({}, 'fr')).json()).message).toBe('We will write to you.');
  });
});

describe('GET /not-a-fit/:formId', () => {
  it('shows the reason\'s page in ?locale=, with the page\'s language', async () => {
    await appWith();
    const page = await (await t!.app.request('/not-a-fit/demo?reason=personal_email&locale=de')).text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<h1>Danke für Ihr Interesse</h1><p>Bitte nutzen Sie Ihre geschäftliche E-Mail-Adresse.</p>');
    const other = await (await t!.app.request('/not-a-fit/demo?reason=too_small', { headers: { 'accept-language': 'de' } })).text();
    expect(other).toContain('<a href="https://test.co/trial">Kostenlos testen</a>');
  });

  it('ignores a reason that is no key of its own and a hostile locale', async () => {
    await appWith();
    for (const query of ['reason=__proto__', 'reason=constructor', `reason=personal_email&locale=${'x'.repeat(10 * 1024)}`]) {
      const res = await t!.app.request(`/not-a-fit/demo?${query}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<h1>Thanks for your interest</h1>');
    }
    const missing = await t!.app.request('/not-a-fit/nope?locale=fr');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<h1>Page introuvable</h1><p>Ce formulaire n’existe pas.</p>');
  });
});
