import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ANSWER_LIMITS, answerLimit, checkAnswer, EMAIL_PATTERN } from '../../shared/answers.ts';
import { publicLink } from '../../shared/urls.ts';
import { canonicalZone, isIanaZoneName, isTimeZone } from '../../shared/zone.ts';

describe('answer rules shared by widget and server', () => {
  it('accepts exactly the addresses zod accepts', () => {
    const samples = [
      'jo@acme.io', 'jo.doe+demo@mail.acme.co.uk', "o'neil@acme.io", 'a@b.c', 'jo@acme', '.jo@acme.io', 'jo..doe@acme.io',
      'jo@-acme.io', 'jo@acme.i', 'jo doe@acme.io', 'jo@acme.io ', 'jö@acme.io', 'jo@@acme.io', '',
    ];
    for (const sample of samples) expect([sample, EMAIL_PATTERN.test(sample)]).toEqual([sample, z.email().safeParse(sample).success]);
    fc.assert(fc.property(fc.emailAddress(), (address) => EMAIL_PATTERN.test(address) === z.email().safeParse(address).success));
  });

  it('allows 200 characters on one line and 2,000 in a text area', () => {
    const text = { type: 'text', required: false };
    const area = { type: 'textarea', required: false };
    expect(answerLimit('text')).toBe(ANSWER_LIMITS.line);
    expect(checkAnswer(text, 'x'.repeat(200))).toEqual({ value: 'x'.repeat(200) });
    expect(checkAnswer(text, 'x'.repeat(201))).toEqual({ problem: 'too_long' });
    expect(checkAnswer(area, 'x'.repeat(2000))).toEqual({ value: 'x'.repeat(2000) });
    expect(checkAnswer(area, 'x'.repeat(2001))).toEqual({ problem: 'too_long' });
  });

  it('refuses line breaks on one line and control characters anywhere, and trims', () => {
    expect(checkAnswer({ type: 'text', required: true }, 'a\nb')).toEqual({ problem: 'characters' });
    expect(checkAnswer({ type: 'textarea', required: true }, 'a\nb')).toEqual({ value: 'a\nb' });
    expect(checkAnswer({ type: 'textarea', required: true }, 'a\u0007b')).toEqual({ problem: 'characters' });
    expect(checkAnswer({ type: 'text', required: true }, '   ')).toEqual({ problem: 'required' });
    expect(checkAnswer({ type: 'text', required: false }, '  Jo  ')).toEqual({ value: 'Jo' });
  });

  it('checks selects against their options and countries against the list, upper-cased', () => {
    expect(checkAnswer({ type: 'select', required: true, options: ['1-10'] }, '11-50')).toEqual({ problem: 'option' });
    expect(checkAnswer({ type: 'country', required: true }, 'de', ['DE'])).toEqual({ value: 'DE' });
    expect(checkAnswer({ type: 'country', required: true }, 'XX', ['DE'])).toEqual({ problem: 'country' });
  });
});

describe('time-zone names', () => {
  it('knows zones through Intl and spells them properly', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(canonicalZone('america/new_york')).toBe('America/New_York');
    expect(canonicalZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('Mars/Olympus')).toBeNull();
  });

  it('takes only region/city names or UTC in a config', () => {
    expect(isIanaZoneName('Europe/Berlin')).toBe(true);
    expect(isIanaZoneName('UTC')).toBe(true);
    expect(isIanaZoneName('EST')).toBe(false);
  });
});

describe('publicLink', () => {
  it('puts exactly one slash between the public address and the path', () => {
    for (const base of ['https://usher.test', 'https://usher.test/', 'https://usher.test//']) {
      expect(publicLink(base, '/m/abc')).toBe('https://usher.test/m/abc');
      expect(publicLink(base, 'not-a-fit/demo')).toBe('https://usher.test/not-a-fit/demo');
    }
    expect(publicLink('https://acme.test/usher/', '/m/abc')).toBe('https://acme.test/usher/m/abc');
  });
});
