import fc from 'fast-check';
import { foldLines } from 'ical-generator';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildInvite, withCountingEncoder } from '../../../server/delivery/invite.ts';

const input = (description: string) => ({
  method: 'REQUEST' as const, bookingId: 'c65b948e-8bbc-491e-aacd-354c42ae1504', sequence: 2,
  start: Date.parse('2026-12-02T13:00:00Z'), end: Date.parse('2026-12-02T13:30:00Z'), stamp: Date.parse('2026-12-01T09:00:00Z'),
  organization: { name: 'Nørthwind Analytics', publicUrl: 'https://usher.example.com' },
  meeting: { title: 'Démo', durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minimumNoticeMinutes: 0, horizonDays: 14 } as never,
  rep: { name: 'Dana Whitfield', email: 'dana@northwind.test' },
  prospect: { name: 'Priya Rāman 🌏', email: 'priya@globex.example' },
  manageUrl: 'https://usher.example.com/m/1w-8MjqTbKkfsGV0Fjwo0r6HervitN4AkmAIehzYef0',
  answers: [{ label: 'Notes', value: description }],
});

describe('invite rendering', () => {
  it('folds lines exactly as the library does on its own, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      const line = `DESCRIPTION:${text}`;
      expect(withCountingEncoder(() => foldLines(line))).toBe(foldLines(line));
    }), { numRuns: 300 });
  });

  it('keeps every line within 75 octets and the text whole, and puts TextEncoder back', () => {
    const notes = `Grüße aus Köln — 東京の会議室 🎉 ${'ünïcödé '.repeat(30)}`;
    const ics = buildInvite(input(notes));
    expect(new TextEncoder().encode('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    // Every line ends with CRLF, the last one too (RFC 5545), and no line ends with a bare LF.
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(String(event.getFirstPropertyValue('description'))).toContain(`Notes: ${notes}`);
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('puts TextEncoder back when rendering throws', () => {
    expect(() => withCountingEncoder(() => { throw new Error('boom'); })).toThrow('boom');
    expect(new TextEncoder().encode('a')).toBeInstanceOf(Uint8Array);
  });
});
